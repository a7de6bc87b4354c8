"""Files of the demo county: budget tables attached to budget documents, leader portraits.

Made at load time from the document's own data, so the demo ships no binary blobs.
"""

from __future__ import annotations

import random
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from PIL import Image, ImageDraw

BUDGET_ROWS = (
    ("一般公共服务支出", 0.18),
    ("公共安全支出", 0.06),
    ("教育支出", 0.21),
    ("社会保障和就业支出", 0.17),
    ("卫生健康支出", 0.11),
    ("节能环保支出", 0.04),
    ("城乡社区支出", 0.08),
    ("农林水支出", 0.15),
)


def budget_workbook(unit_name: str, title: str, year: int, seed: int) -> bytes:
    """A 收支总表 in 万元 whose rows add up, as published with a budget or final account."""
    rng = random.Random(seed)
    total = rng.randint(800, 60000) * 10
    wb = Workbook()
    ws = wb.active
    ws.title = "收支总表"
    ws.append([title])
    ws.merge_cells("A1:C1")
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"编制单位：{unit_name}", "", "单位：万元"])
    ws.append(["项目", f"{year}年预算数", "占比（%）"])
    amounts = [round(total * share * rng.uniform(0.9, 1.1), 2) for _, share in BUDGET_ROWS]
    grand = round(sum(amounts), 2)
    for (name, _), amount in zip(BUDGET_ROWS, amounts, strict=True):
        ws.append([name, amount, round(amount / grand * 100, 2)])
    ws.append(["支出合计", grand, 100.0])
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 12
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def portrait_png(seed: int) -> bytes:
    """A neutral head-and-shoulders silhouette: the demo has no real people's photos."""
    rng = random.Random(seed)
    width, height = 240, 300
    background = rng.choice([(214, 226, 240), (226, 232, 238), (236, 228, 220)])
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    suit = rng.choice([(44, 52, 64), (34, 40, 58), (58, 60, 66)])
    draw.ellipse((30, 190, 210, 380), fill=suit)
    draw.polygon([(105, 200), (135, 200), (120, 250)], fill=(245, 245, 245))
    draw.ellipse((78, 70, 162, 180), fill=(231, 196, 170))
    draw.chord((74, 58, 166, 150), 180, 360, fill=(30, 30, 32))
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
