"""Reading the 行政许可 / 行政处罚 / 行政强制 / 行政事业性收费 records staff import for section 二.

Pure functions: rows come in as dicts of text (from CSV or XLSX), records or per-row errors
come out. An import is all or nothing: the caller stores the records only when there is no
error, so a file is never half imported. Every error names the row (as the spreadsheet numbers
it, header = row 1), the column and what is wrong, in Chinese and in English.

Columns (header names in Chinese; order free; extra columns ignored):

======== ========================================================== ==========
类别     行政许可 / 行政处罚 / 行政强制 / 行政事业性收费 (许可, 处罚, 强制, 收费 also accepted)  required
日期     决定或收费日期: 2025-03-01, 2025/3/1, 2025年3月1日, or a real spreadsheet date  required
数量     how many decisions the row stands for (default 1)               optional
金额     金额（元）: yuan, for 收费 rows (required there, empty elsewhere)  for 收费
文号     文号或编号                                                     optional
备注                                                                    optional
机构代码  the unit, when one file covers several units                  optional
======== ========================================================== ==========
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

KINDS = {
    "行政许可": "licensing",
    "许可": "licensing",
    "行政处罚": "penalty",
    "处罚": "penalty",
    "行政强制": "compulsory",
    "强制": "compulsory",
    "行政事业性收费": "fee",
    "收费": "fee",
}
HEADERS = {
    "kind": ("类别",),
    "decided_on": ("日期", "决定日期", "收费日期", "决定或收费日期"),
    "count": ("数量",),
    "amount_yuan": ("金额", "金额（元）", "金额(元)"),
    "reference": ("文号", "编号", "文号或编号"),
    "note": ("备注",),
    "unit_code": ("机构代码",),
}
MAX_COUNT = 1_000_000
MAX_AMOUNT = Decimal("999999999999.99")
MAX_TEXT = {"reference": 100, "note": 200}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", re.ASCII)


@dataclass(frozen=True)
class Row:
    line: int
    kind: str
    decided_on: date
    count: int
    amount_yuan: Decimal | None
    reference: str
    note: str
    unit_code: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"第{self.line}行“{self.column}”：{self.message_zh}"


def _header_map(header: Iterable[str]) -> tuple[dict[str, str], list[RowError]]:
    """Which field each header cell feeds; errors for missing required columns."""
    found: dict[str, str] = {}
    for cell in header:
        name = (cell or "").strip().replace(" ", "")
        for field, names in HEADERS.items():
            if name in names:
                found[field] = cell
    errors = [
        RowError(1, names[0], f"缺少“{names[0]}”列。", f"The '{names[0]}' column is missing.")
        for field, names in HEADERS.items()
        if field in ("kind", "decided_on") and field not in found
    ]
    return found, errors


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.fullmatch(str(value).strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse(
    rows: Iterable[Mapping[str, object]], header: Iterable[str]
) -> tuple[list[Row], list[RowError]]:
    """Records from data rows (line 2 onwards) keyed by their header cells."""
    columns, errors = _header_map(header)
    if errors:
        return [], errors
    records: list[Row] = []
    for line, raw in enumerate(rows, start=2):
        if not any(str(v).strip() for v in raw.values() if v is not None):
            continue  # blank line
        result = _parse_row(line, raw, columns)
        if isinstance(result, Row):
            records.append(result)
        else:
            errors.extend(result)
    return records, errors


def _parse_row(
    line: int, raw: Mapping[str, object], columns: dict[str, str]
) -> Row | list[RowError]:
    row_errors: list[RowError] = []

    def cell(field: str) -> str:
        value = raw.get(columns[field]) if field in columns else None
        return "" if value is None else str(value).strip()

    def bad(column: str, zh: str, en: str) -> None:
        row_errors.append(RowError(line, column, zh, en))

    kind = KINDS.get(cell("kind").replace(" ", ""))
    if kind is None:
        bad(
            "类别",
            f"“{cell('kind')[:20]}”不是 行政许可、行政处罚、行政强制 或 行政事业性收费。",
            f"'{cell('kind')[:20]}' is not one of the four kinds.",
        )
    value = raw.get(columns["decided_on"])
    decided_on = _date(value if value is not None else "")
    if decided_on is None:
        bad(
            "日期",
            f"“{str(value or '')[:20]}”不是有效日期，请写成 2025-03-01。",
            f"'{str(value or '')[:20]}' is not a date; write 2025-03-01.",
        )
    count = 1
    if cell("count"):
        text = cell("count")
        number = text[:-2] if text.endswith(".0") else text
        if not re.fullmatch(r"[0-9]{1,7}", number) or not 1 <= int(number) <= MAX_COUNT:
            bad(
                "数量",
                f"“{text[:20]}”不是1至{MAX_COUNT}之间的整数。",
                f"'{text[:20]}' is not a whole number from 1 to {MAX_COUNT}.",
            )
        else:
            count = int(number)
    amount = None
    if cell("amount_yuan"):
        text = cell("amount_yuan").replace(",", "").replace("，", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            bad("金额", f"“{text[:20]}”不是金额。", f"'{text[:20]}' is not an amount.")
        else:
            if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
                bad("金额", "金额须为不小于0的数。", "The amount must be a number ≥ 0.")
                amount = None
            elif amount != amount.quantize(Decimal("0.01")):
                bad("金额", "金额最多保留两位小数（单位：元）。", "At most two decimals (yuan).")
    if kind == "fee" and amount is None and not any(e.column == "金额" for e in row_errors):
        bad("金额", "行政事业性收费须填写金额（元）。", "A fee row needs its amount in yuan.")
    if kind not in (None, "fee") and cell("amount_yuan"):
        bad("金额", "只有行政事业性收费填写金额。", "Only fee rows have an amount.")
    for field, limit in MAX_TEXT.items():
        if len(cell(field)) > limit:
            label = HEADERS[field][0]
            bad(
                label,
                f"不能超过{limit}个字（现为{len(cell(field))}个）。",
                f"At most {limit} characters ({len(cell(field))} given).",
            )
    if row_errors:
        return row_errors
    assert kind is not None and decided_on is not None
    return Row(
        line=line,
        kind=kind,
        decided_on=decided_on,
        count=count,
        amount_yuan=amount,
        reference=cell("reference"),
        note=cell("note"),
        unit_code=cell("unit_code"),
    )


class FileError(ValueError):
    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en


MAX_ROWS = 100_000


def read_table(data: bytes, filename: str) -> tuple[list[str], list[dict[str, object]]]:
    """The header and the rows of a CSV (UTF-8 or the GBK that Chinese Excel writes) or of the
    first sheet of an XLSX file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise FileError("只能导入 .xlsx 或 .csv 文件。", "Only .xlsx and .csv files can be imported.")


def _read_csv(data: bytes) -> tuple[list[str], list[dict[str, object]]]:
    import csv
    import io

    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise FileError("无法识别文件编码。", "Unknown text encoding.")
    reader = csv.reader(io.StringIO(text))
    lines = list(reader)
    if not lines:
        raise FileError("文件是空的。", "The file is empty.")
    if len(lines) > MAX_ROWS + 1:
        raise FileError(f"一次最多导入{MAX_ROWS}行。", f"At most {MAX_ROWS} rows per file.")
    header = [h.strip() for h in lines[0]]
    return header, [dict(zip(header, line, strict=False)) for line in lines[1:]]


def _read_xlsx(data: bytes) -> tuple[list[str], list[dict[str, object]]]:
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileError(
            "无法打开该 Excel 文件，请另存为 .xlsx 后重试。", f"Cannot open the workbook: {error}"
        ) from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        raise FileError("文件是空的。", "The file is empty.")
    header = ["" if h is None else str(h).strip() for h in header_row]
    out: list[dict[str, object]] = []
    for values in rows:
        if len(out) >= MAX_ROWS:
            raise FileError(f"一次最多导入{MAX_ROWS}行。", f"At most {MAX_ROWS} rows per file.")
        out.append(dict(zip(header, values, strict=False)))
    book.close()
    return header, out
