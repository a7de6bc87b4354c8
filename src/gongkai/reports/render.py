"""The annual report (政府信息公开工作年度报告, Art. 49–50) as DOCX, PDF, accessible HTML tables and XLSX.

The six sections and the three tables follow 《中华人民共和国政府信息公开工作年度报告格式》
(国办公开办函〔2021〕30号), merged header cells included; the page follows GB/T 9704-2012 as
the response letters do (both through :mod:`gongkai.typesetting`): A4, 37/35/28/26 mm margins,
title in 2号小标宋 (broken after the unit's name when too long, 7.3.1), headings 一、… in 3号黑体
(7.3.3), text in 3号仿宋 with a two-character indent, "— 1 —" page numbers, and the issuer and
the date (Arabic numerals) placed as for an unsealed document (7.3.5.2): the report is
published, not sent.
Tables are set in 五号 (10.5 pt) 宋体 with 黑体 column headings, so the ten-column section 三
table and the fifteen-column section 四 table fit the 156 mm portrait type area, as in the
official samples.

Pure Python: no Django, no database, no arithmetic. The figures come in as plain data (the
report tables module computes and checks them: 一+二=三（七）+四 and the rest); this module
only lays them out. Every value is HTML-escaped in the HTML and the PDF.

Input (JSON-like; the keys are exactly these)::

    report = {
        "unit": "永昌县人民政府",
        "year": 2025,
        "title": "永昌县人民政府2025年政府信息公开工作年度报告",
        "preface": "本报告根据……编制。",          # optional; paragraphs split by blank lines
        "sections": {
            # 二: rows grouped under their 第二十条 item, in the order the groups first appear.
            # The keys of "columns" are the group's column headings (1–3; all rows of a group
            # have the same keys in the same order); a heading containing "金额" holds money
            # (万元, int/str/Decimal, shown with four decimals), any other holds an int.
            "二": {"rows": [
                {"group": "第二十条第（一）项", "label": "规章",
                 "columns": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}},
                {"group": "第二十条第（一）项", "label": "行政规范性文件",
                 "columns": {"本年制发件数": 4, "本年废止件数": 1, "现行有效件数": 27}},
                {"group": "第二十条第（五）项", "label": "行政许可",
                 "columns": {"本年处理决定数量": 1532}},
                {"group": "第二十条第（六）项", "label": "行政处罚",
                 "columns": {"本年处理决定数量": 286}},
                {"group": "第二十条第（六）项", "label": "行政强制",
                 "columns": {"本年处理决定数量": 17}},
                {"group": "第二十条第（八）项", "label": "行政事业性收费",
                 "columns": {"本年收费金额（单位：万元）": "12.3400"}},
            ]},
            # 三: "columns" starts with 自然人 and ends with 总计; the ones between stand under
            # 法人或其他组织. "level" 0/1/2 is the depth (一、… / （一）… / 1.…). A row followed
            # by deeper rows is a parent: its label spans its children's rows and it has no
            # cells of its own (as in the official table), so its "values" may be omitted.
            "三": {"columns": ["自然人", "商业企业", "科研机构", "社会公益组织",
                               "法律服务机构", "其他", "总计"],
                   "rows": [
                {"label": "一、本年新收政府信息公开申请数量", "level": 0,
                 "values": {"自然人": 46, "商业企业": 7, …, "总计": 60}},
                {"label": "二、上年结转政府信息公开申请数量", "level": 0, "values": {…}},
                {"label": "三、本年度办理结果", "level": 0},
                {"label": "（一）予以公开", "level": 1, "values": {…}},
                {"label": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "level": 1,
                 "values": {…}},
                {"label": "（三）不予公开", "level": 1},
                {"label": "1.属于国家秘密", "level": 2, "values": {…}},
                …,
                {"label": "（七）总计", "level": 1, "values": {…}},
                {"label": "四、结转下年度继续办理", "level": 0, "values": {…}},
            ]},
            # 四: "rows" are the proceedings, "columns" their outcomes; rows sharing a "group"
            # (consecutive) stand under one heading. Laid out as in the official table: one line
            # of 15 figures under 行政复议 | 行政诉讼 → 未经复议直接起诉, 复议后起诉 → outcomes.
            "四": {"columns": ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
                   "rows": [
                {"label": "行政复议", "values": {"结果维持": 2, …, "总计": 4}},
                {"label": "未经复议直接起诉", "group": "行政诉讼", "values": {…}},
                {"label": "复议后起诉", "group": "行政诉讼", "values": {…}},
            ]},
        },
        "narrative": {"一": "…", "五": "…", "六": "…"},  # any of 一…六; blank-line paragraphs
        "issuer": "永昌县人民政府办公室",
        "issued_on": "2026-01-20",  # or a datetime.date
    }

A complete example is ``SAMPLE_REPORT`` in ``tests/reports/test_render.py``. A value of the
wrong type, a missing column or an impossible level raises :class:`ValueError` naming the
section, the row and the column.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from typing import Any

from gongkai import typesetting
from gongkai.requests.letters import split_paragraphs
from gongkai.typesetting import (
    BODY_PT,
    CHAR_PT,
    CSS_HEITI,
    CSS_SONG,
    CSS_TITLE,
    HEITI,
    LATIN,
    LINE_PT,
    PAGE_MARGINS_MM,
    SONG,
    TEXT_CSS,
    TITLE_LINE_PT,
    TITLE_PT,
    docx_element,
    escape,
)

HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}
TABLE_SECTIONS = ("二", "三", "四")

# Fixed wording of the official tables.
ITEM_HEADING = "信息内容"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

TABLE_PT = 10.5  # 五号
TABLE_LINE_PT = 14
TYPE_WIDTH_MM = 210 - PAGE_MARGINS_MM["left"] - PAGE_MARGINS_MM["right"]  # 156
CELL_PAD_MM = 0.8  # left and right
CELL_PAD_V_MM = 0.6  # top and bottom

_ASCII_ID = re.compile(r"[^A-Za-z0-9_-]")


# --- the tables as grids of cells -------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell of a table, merged cells included; positions count from 0 on the full grid."""

    row: int
    col: int
    text: str
    kind: str  # "corner", "col" (column heading), "group" (二's 第二十条 line), "row", "value"
    rows: int = 1
    cols: int = 1
    ident: str = ""  # unique within the table, for headings
    headers: tuple[str, ...] = ()  # idents of the headings that apply (WCAG H43)
    value: int | Decimal | None = None
    level: int = 0  # depth of a row heading

    @property
    def money(self) -> bool:
        return isinstance(self.value, Decimal)


@dataclass(frozen=True)
class Grid:
    key: str  # "二", "三", "四"
    number: int  # 2, 3, 4: for ASCII ids and class names
    caption: str
    widths_mm: tuple[float, ...]  # sums to the type-area width
    xlsx_widths: tuple[float, ...]  # spreadsheet column widths (characters)
    header_rows: int  # repeated at the top of every page
    label_cols: int  # columns of row headings, on the left
    row_count: int
    body_groups: tuple[int, ...]  # first rows of the <tbody> groups
    cells: tuple[Cell, ...]

    def at(self, row: int) -> list[Cell]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


def _fail(section: str, message: str) -> ValueError:
    return ValueError(f"年度报告第{section}部分：{message}")


def _number(value: Any, *, money: bool, where: str, section: str) -> int | Decimal:
    if isinstance(value, bool):
        raise _fail(section, f"{where}应为数字，收到 {value!r}。")
    if money:
        try:
            amount = Decimal(str(value)) if isinstance(value, int | float | str) else value
        except InvalidOperation:
            amount = None
        if not isinstance(amount, Decimal) or not amount.is_finite():
            raise _fail(section, f"{where}应为金额（万元），收到 {value!r}。")
        return amount
    if not isinstance(value, int):
        raise _fail(section, f"{where}应为整数，收到 {value!r}。")
    return value


def display(value: int | Decimal) -> str:
    """A figure as printed: counts as they are, money (万元) rounded half up to four decimals."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
    return str(value)


def _spans(count: int, slots: int) -> list[int]:
    base, extra = divmod(slots, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def _grid_2(section: Mapping[str, Any]) -> Grid:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in section["rows"]:
        groups.setdefault(row["group"], []).append(row)
    if not groups:
        raise _fail("二", "没有任何行。")
    slots = max(len(members[0]["columns"]) for members in groups.values())
    cells: list[Cell] = []
    starts: list[int] = []
    y = 0
    for g, (group, members) in enumerate(groups.items(), 1):
        headings = list(members[0]["columns"])
        if not headings:
            raise _fail("二", f"“{group}”没有列。")
        for member in members:
            if list(member["columns"]) != headings:
                raise _fail(
                    "二",
                    f"“{member['label']}”的列（{'、'.join(member['columns'])}）"
                    f"与同组“{members[0]['label']}”的列（{'、'.join(headings)}）不一致。",
                )
        gid = f"g{g}"
        starts.append(y)
        cells.append(Cell(y, 0, group, "group", cols=1 + slots, ident=gid))
        y += 1
        spans = _spans(len(headings), slots)
        cells.append(Cell(y, 0, ITEM_HEADING, "col", ident=f"{gid}-h0", headers=(gid,)))
        x = 1
        for h, (heading, span) in enumerate(zip(headings, spans, strict=True), 1):
            cells.append(Cell(y, x, heading, "col", cols=span, ident=f"{gid}-h{h}", headers=(gid,)))
            x += span
        y += 1
        for r, member in enumerate(members, 1):
            rid = f"{gid}-r{r}"
            cells.append(Cell(y, 0, member["label"], "row", ident=rid, headers=(gid, f"{gid}-h0")))
            x = 1
            for h, (heading, span) in enumerate(zip(headings, spans, strict=True), 1):
                value = _number(
                    member["columns"][heading],
                    money="金额" in heading,
                    where=f"“{member['label']}”的“{heading}”",
                    section="二",
                )
                cells.append(
                    Cell(
                        y,
                        x,
                        display(value),
                        "value",
                        cols=span,
                        value=value,
                        headers=(gid, f"{gid}-h{h}", rid),
                    )
                )
                x += span
            y += 1
    label_mm = 48.0
    return Grid(
        key="二",
        number=2,
        caption=HEADINGS["二"],
        widths_mm=(label_mm, *[(TYPE_WIDTH_MM - label_mm) / slots] * slots),
        xlsx_widths=(24.0, *[max(16.0, 42.0 / slots)] * slots),
        header_rows=0,
        label_cols=1,
        row_count=y,
        body_groups=tuple(starts),
        cells=tuple(cells),
    )


def _grid_3(section: Mapping[str, Any]) -> Grid:
    columns = list(section["columns"])
    if len(columns) < 3 or columns[0] != "自然人" or columns[-1] != "总计":
        raise _fail(
            "三",
            f"列应以“自然人”开头、以“总计”结尾，中间为法人或其他组织的类型；收到 {columns!r}。",
        )
    rows = list(section["rows"])
    levels = [row.get("level", 0) for row in rows]
    for i, level in enumerate(levels):
        previous = levels[i - 1] if i else -1
        if level not in (0, 1, 2) or level > previous + 1:
            raise _fail(
                "三", f"“{rows[i]['label']}”的层级 {level!r} 不合理（应为 0、1、2，逐级展开）。"
            )
    parent = [i + 1 < len(rows) and levels[i + 1] > levels[i] for i in range(len(rows))]

    def leaves_under(i: int) -> int:
        count, j = 0, i + 1
        while j < len(rows) and levels[j] > levels[i]:
            count += not parent[j]
            j += 1
        return count

    label_cols, header_rows = 3, 3
    n = len(columns)
    cells = [
        Cell(0, 0, CHECK_NOTE, "corner", rows=header_rows, cols=label_cols),
        Cell(0, label_cols, APPLICANTS, "col", cols=n, ident="top"),
        Cell(1, label_cols, columns[0], "col", rows=2, ident="c0", headers=("top",)),
        Cell(1, label_cols + 1, ORGANISATIONS, "col", cols=n - 2, ident="org", headers=("top",)),
        Cell(
            1, label_cols + n - 1, columns[-1], "col", rows=2, ident=f"c{n - 1}", headers=("top",)
        ),
        *(
            Cell(2, label_cols + k, columns[k], "col", ident=f"c{k}", headers=("top", "org"))
            for k in range(1, n - 1)
        ),
    ]
    column_headers = [("top", "c0")] + [("top", "org", f"c{k}") for k in range(1, n - 1)]
    column_headers.append(("top", f"c{n - 1}"))

    y = header_rows
    ancestors: list[str] = []  # idents of the open parents, by level
    for i, row in enumerate(rows):
        level, rid = levels[i], f"r{i + 1}"
        del ancestors[level:]
        if parent[i]:
            cells.append(
                Cell(
                    y,
                    level,
                    row["label"],
                    "row",
                    rows=leaves_under(i),
                    ident=rid,
                    headers=tuple(ancestors),
                    level=level,
                )
            )
            ancestors.append(rid)
            continue
        cells.append(
            Cell(
                y,
                level,
                row["label"],
                "row",
                cols=label_cols - level,
                ident=rid,
                headers=tuple(ancestors),
                level=level,
            )
        )
        values = row.get("values")
        if not isinstance(values, Mapping):
            raise _fail("三", f"“{row['label']}”没有数字（values）。")
        for k, column in enumerate(columns):
            if column not in values:
                raise _fail("三", f"“{row['label']}”缺少“{column}”列的数字。")
            value = _number(
                values[column], money=False, where=f"“{row['label']}”的“{column}”", section="三"
            )
            cells.append(
                Cell(
                    y,
                    label_cols + k,
                    display(value),
                    "value",
                    value=value,
                    headers=(*column_headers[k], *ancestors, rid),
                )
            )
        y += 1
    label_mm = (8.0, 20.0, 51.0)
    return Grid(
        key="三",
        number=3,
        caption=HEADINGS["三"],
        widths_mm=(*label_mm, *[(TYPE_WIDTH_MM - sum(label_mm)) / n] * n),
        xlsx_widths=(8.0, 16.0, 46.0, *[10.0] * n),
        header_rows=header_rows,
        label_cols=label_cols,
        row_count=y,
        body_groups=(header_rows,),
        cells=tuple(cells),
    )


def _grid_4(section: Mapping[str, Any]) -> Grid:
    outcomes = list(section["columns"])
    rows = list(section["rows"])
    if not outcomes or not rows:
        raise _fail("四", "没有列或没有行。")
    # Consecutive rows with the same group form one heading: [(group or None, [rows])].
    blocks: list[tuple[str | None, list[Mapping[str, Any]]]] = []
    for row in rows:
        group = row.get("group") or None
        if group is not None and blocks and blocks[-1][0] == group:
            blocks[-1][1].append(row)
        else:
            blocks.append((group, [row]))
    header_rows = 3 if any(group for group, _ in blocks) else 2
    n = len(outcomes)
    cells: list[Cell] = []
    x = 0
    for b, (group, members) in enumerate(blocks, 1):
        top = f"t{b}"
        # (row, idents of the headings above its outcomes, outcomes' first row, their height)
        proceedings: list[tuple[Mapping[str, Any], tuple[str, ...], int, int]] = []
        if group is None:
            (member,) = members
            cells.append(Cell(0, x, member["label"], "col", cols=n, ident=top))
            proceedings.append((member, (top,), 1, header_rows - 1))
        else:
            cells.append(Cell(0, x, group, "col", cols=n * len(members), ident=top))
            for m, member in enumerate(members):
                sub = f"t{b}-s{m + 1}"
                cells.append(
                    Cell(1, x + m * n, member["label"], "col", cols=n, ident=sub, headers=(top,))
                )
                proceedings.append((member, (top, sub), 2, 1))
        for member, above, first_row, height in proceedings:
            values = member.get("values")
            if not isinstance(values, Mapping):
                raise _fail("四", f"“{member['label']}”没有数字（values）。")
            for k, outcome in enumerate(outcomes):
                cid = f"{above[-1]}-c{k + 1}"
                cells.append(
                    Cell(first_row, x, outcome, "col", rows=height, ident=cid, headers=above)
                )
                if outcome not in values:
                    raise _fail("四", f"“{member['label']}”缺少“{outcome}”列的数字。")
                value = _number(
                    values[outcome],
                    money=False,
                    where=f"“{member['label']}”的“{outcome}”",
                    section="四",
                )
                cells.append(
                    Cell(
                        header_rows, x, display(value), "value", value=value, headers=(*above, cid)
                    )
                )
                x += 1
    return Grid(
        key="四",
        number=4,
        caption=HEADINGS["四"],
        widths_mm=tuple([TYPE_WIDTH_MM / x] * x),
        xlsx_widths=tuple([9.0] * x),
        header_rows=header_rows,
        label_cols=0,
        row_count=header_rows + 1,
        body_groups=(header_rows,),
        cells=tuple(cells),
    )


_BUILDERS = {"二": _grid_2, "三": _grid_3, "四": _grid_4}


def grids(report: Mapping[str, Any]) -> list[Grid]:
    """The report's tables (二, 三, 四, those present) laid out as in the official format."""
    sections = report.get("sections", {})
    out = []
    for key in TABLE_SECTIONS:
        if key in sections:
            try:
                out.append(_BUILDERS[key](sections[key]))
            except KeyError as missing:
                raise _fail(key, f"缺少键 {missing}。") from None
    return out


# --- shared text helpers ----------------------------------------------------------------------


def _em(text: str) -> float:
    """Width in ems: ASCII (digits in a date, say) is half a Chinese character."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def _title_lines(report: Mapping[str, Any]) -> list[str]:
    # GB/T 9704-2012 7.3.1: a title too long for one line breaks where the meaning allows; after
    # the unit's name is the natural place.
    title, unit = report["title"], report.get("unit", "")
    per_line = TYPE_WIDTH_MM / 25.4 * 72 / TITLE_PT
    if _em(title) > per_line and unit and title.startswith(unit) and title != unit:
        return [unit, title[len(unit) :]]
    return [title]


def _issued_on(report: Mapping[str, Any]) -> date | None:
    value = report.get("issued_on")
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def arabic_date(d: date) -> str:
    """``2026年1月20日``: GB/T 9704-2012 7.3.5.1 (Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def _signature_indents(issuer: str, dated: str) -> tuple[float, float]:
    """Right indents (ems) of issuer and date for an unsealed document, GB/T 9704-2012 7.3.5.2.

    The issuer ends two characters from the right margin; the date starts two characters to the
    right of where the issuer starts; a date longer than that keeps two characters and pushes
    the issuer left.
    """
    issuer_em, date_em = _em(issuer), _em(dated)
    issuer_indent = 2.0
    date_indent = issuer_indent + issuer_em - 2 - date_em
    if date_indent < 2:
        date_indent = 2.0
        issuer_indent = date_indent + date_em + 2 - issuer_em
    return issuer_indent, date_indent


def _paragraphs(text: str | None) -> tuple[str, ...]:
    return split_paragraphs(text or "")


def _sections(report: Mapping[str, Any]) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    narrative = report.get("narrative", {})
    for key, heading in HEADINGS.items():
        yield key, heading, _paragraphs(narrative.get(key))


# --- accessible HTML tables -------------------------------------------------------------------


def _html_id(prefix: str, grid: Grid, ident: str) -> str:
    return f"{prefix}-s{grid.number}-{ident}"


def _cell_html(cell: Cell, grid: Grid, prefix: str) -> str:
    attributes = []
    if cell.cols > 1:
        attributes.append(f'colspan="{cell.cols}"')
    if cell.rows > 1:
        attributes.append(f'rowspan="{cell.rows}"')
    if cell.headers:
        ids = " ".join(_html_id(prefix, grid, h) for h in cell.headers)
        attributes.append(f'headers="{escape(ids)}"')
    if cell.ident:
        attributes.insert(0, f'id="{escape(_html_id(prefix, grid, cell.ident))}"')
    if cell.kind == "corner":
        tag, classes = "td", ["corner"]
    elif cell.kind == "value":
        tag, classes = "td", ["num", "money"] if cell.money else ["num"]
    elif cell.kind == "group":
        tag, classes = "th", ["group-head"]
        attributes.insert(0, 'scope="rowgroup"')
    elif cell.kind == "col":
        tag, classes = "th", ["col-head"]
        # scope="col" also covers every column a spanning heading spans (HTML's table model).
        attributes.insert(0, 'scope="col"')
    else:
        tag, classes = "th", ["row-head", f"level-{cell.level}"]
        if cell.rows > 1:
            classes.append("parent")
        attributes.insert(0, 'scope="row"')
    attributes.insert(0, f'class="{" ".join(classes)}"')
    return f"<{tag} {' '.join(attributes)}>{escape(cell.text)}</{tag}>"


def _colgroup(grid: Grid) -> str:
    cols = "".join(f'<col class="col-{k + 1}">' for k in range(len(grid.widths_mm)))
    return f"<colgroup>{cols}</colgroup>"


def _table_html(grid: Grid, prefix: str, *, caption: bool = True, region: bool = True) -> str:
    table_id = _html_id(prefix, grid, "table")
    caption_id = _html_id(prefix, grid, "caption")
    parts = []
    if region:
        # A wide table scrolls sideways on a phone; the region makes that reachable by keyboard.
        parts.append(
            f'<div class="report-table-scroll" role="region" tabindex="0" '
            f'aria-labelledby="{escape(caption_id)}">'
        )
    parts.append(f'<table class="report-table report-table-{grid.number}" id="{escape(table_id)}">')
    if caption:
        parts.append(f'<caption id="{escape(caption_id)}">{escape(grid.caption)}</caption>')
    parts.append(_colgroup(grid))
    if grid.header_rows:
        parts.append("<thead>")
        for y in range(grid.header_rows):
            parts.append("<tr>" + "".join(_cell_html(c, grid, prefix) for c in grid.at(y)))
            parts.append("</tr>")
        parts.append("</thead>")
    bounds = [*grid.body_groups, grid.row_count]
    for start, end in zip(bounds, bounds[1:], strict=False):
        parts.append("<tbody>")
        for y in range(start, end):
            parts.append("<tr>" + "".join(_cell_html(c, grid, prefix) for c in grid.at(y)))
            parts.append("</tr>")
        parts.append("</tbody>")
    parts.append("</table>")
    if region:
        parts.append("</div>")
    return "".join(parts)


def render_html_table(report: Mapping[str, Any], section: str, *, id_prefix: str = "report") -> str:
    """One table (``section`` = "二", "三" or "四") as an accessible HTML fragment.

    A real ``<table>`` with a ``<caption>``, ``<th scope>`` on every heading and ``headers``/``id``
    on every cell under spanning headings (WCAG 2 technique H43), classes only (no inline
    styles), inside a keyboard-focusable scroll region. ``id_prefix`` keeps ids unique when
    several reports share a page.
    """
    prefix = _ASCII_ID.sub("-", id_prefix) or "report"
    for grid in grids(report):
        if grid.key == section:
            return _table_html(grid, prefix)
    raise _fail(section, "报告中没有这一部分的表格。")


def render_html_tables(report: Mapping[str, Any], *, id_prefix: str = "report") -> str:
    """The three tables (二, 三, 四) as one accessible HTML fragment for the public page."""
    prefix = _ASCII_ID.sub("-", id_prefix) or "report"
    return "\n".join(_table_html(grid, prefix) for grid in grids(report))


# --- PDF --------------------------------------------------------------------------------------


def _pdf_css(tables: Sequence[Grid]) -> str:
    widths = "\n".join(
        f".report-table-{g.number} col.col-{k + 1} {{ width: {w:.2f}mm; }}"
        for g in tables
        for k, w in enumerate(g.widths_mm)
    )
    return (
        typesetting.page_css()
        + TEXT_CSS
        + f"""
h1 {{
  font-family: {CSS_TITLE}; font-size: {TITLE_PT}pt; font-weight: normal;
  line-height: {TITLE_LINE_PT}pt; text-align: center; margin: 0 0 {LINE_PT}pt;
}}
h2 {{
  font-family: {CSS_HEITI}; font-size: {BODY_PT}pt; font-weight: normal; margin: 0;
  text-indent: {2 * CHAR_PT:.2f}pt; break-after: avoid;
}}
.signature {{
  margin-top: {2 * LINE_PT}pt; text-align: right; break-before: avoid; break-inside: avoid;
}}
table.report-table {{
  width: {TYPE_WIDTH_MM}mm; table-layout: fixed; border-collapse: collapse;
  margin: {LINE_PT / 4:.1f}pt 0 {LINE_PT / 2:.1f}pt;
  font-family: {CSS_SONG}; font-size: {TABLE_PT}pt; line-height: {TABLE_LINE_PT}pt;
  border: 1pt solid black;
}}
.report-table th, .report-table td {{
  border: 0.5pt solid black; padding: {CELL_PAD_V_MM}mm {CELL_PAD_MM}mm; vertical-align: middle;
  text-align: center; font-weight: normal; overflow-wrap: anywhere;
}}
.report-table th.col-head, .report-table th.group-head {{ font-family: {CSS_HEITI}; }}
.report-table th.row-head {{ text-align: left; }}
.report-table th.row-head.parent {{ text-align: center; }}
.report-table td.corner {{ font-size: 9pt; line-height: 12pt; text-align: left; }}
.report-table tr {{ break-inside: avoid; }}
.report-table-2 tbody {{ break-inside: avoid; }}
{widths}
"""
    )


def _document_html(report: Mapping[str, Any]) -> str:
    tables = {g.key: g for g in grids(report)}
    title_lines = _title_lines(report)
    author = report.get("issuer") or report.get("unit", "")
    parts = [
        typesetting.html_head(report["title"], author, _pdf_css(list(tables.values()))),
        "<h1>" + "<br>".join(escape(line) for line in title_lines) + "</h1>",
    ]
    parts += [f'<p class="body">{escape(p)}</p>' for p in _paragraphs(report.get("preface"))]
    for key, heading, paragraphs in _sections(report):
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts += [f'<p class="body">{escape(p)}</p>' for p in paragraphs]
        if key in tables:
            parts.append(_table_html(tables[key], "pdf", caption=False, region=False))
    issued_on = _issued_on(report)
    issuer = report.get("issuer", "")
    if issuer or issued_on:
        dated = arabic_date(issued_on) if issued_on else ""
        issuer_indent, date_indent = _signature_indents(issuer, dated)
        parts.append('<div class="signature">')
        # Inline styles are fine here: this HTML is the PDF's own, never embedded in the site.
        if issuer:
            parts.append(
                f'<p style="margin-right:{issuer_indent * CHAR_PT:.2f}pt">{escape(issuer)}</p>'
            )
        if dated:
            parts.append(
                f'<p style="margin-right:{date_indent * CHAR_PT:.2f}pt">{escape(dated)}</p>'
            )
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(report: Mapping[str, Any]) -> bytes:
    """The report as PDF (WeasyPrint; Noto CJK where the official Chinese fonts are absent)."""
    return typesetting.write_pdf(_document_html(report))


# --- DOCX -------------------------------------------------------------------------------------

# The report's paragraphs keep two lines together at a page break, as the PDF's do (orphans and
# widows 2), and their right indents count condensed characters, as the PDF's margins do.
_paragraph = partial(typesetting.add_paragraph, widow_control=True, char_pt=CHAR_PT)


def _table_docx(document: Any, grid: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    table = document.add_table(rows=grid.row_count, cols=len(grid.widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    margins = docx_element("tblCellMar")
    pad, pad_v = (str(round(mm / 25.4 * 1440)) for mm in (CELL_PAD_MM, CELL_PAD_V_MM))
    for edge, value in (("top", pad_v), ("left", pad), ("bottom", pad_v), ("right", pad)):
        margins.append(docx_element(edge, w=value, type="dxa"))
    tbl_pr.insert_element_before(
        typesetting.table_borders(outer=8, inner=4),
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    )
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    # Alternative text for screen readers (Word's 表格属性 → 可选文字).
    tbl_pr.append(docx_element("tblCaption", val=grid.caption))
    typesetting.set_column_widths(table, grid.widths_mm)
    for y, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(docx_element("cantSplit"))
        if y < grid.header_rows:
            tr_pr.append(docx_element("tblHeader"))  # repeated at the top of each page

    for spec in grid.cells:
        cell = typesetting.merged_cell(table, spec.row, spec.col, rows=spec.rows, cols=spec.cols)
        heading = spec.kind in ("col", "group")
        left = spec.kind == "corner" or (spec.kind == "row" and spec.rows == 1)
        _paragraph(
            cell.paragraphs[0],
            spec.text,
            size=9 if spec.kind == "corner" else TABLE_PT,
            east_asia=HEITI if heading else SONG,
            latin=LATIN,
            align="left" if left else "center",
            line_pt=12 if spec.kind == "corner" else TABLE_LINE_PT,
            # A heading row stays on the page of the first row it heads.
            keep_with_next=heading,
        )


def render_docx(report: Mapping[str, Any]) -> bytes:
    """The report as a Word document (A4 portrait, GB/T 9704 layout, fonts named for Windows/WPS)."""
    # No line grid: it would stretch every line of the tables to 28.95 pt.
    document = typesetting.new_document(
        title=report["title"],
        author=report.get("issuer") or report.get("unit", ""),
        line_pitch_pt=None,
    )
    typesetting.page_number_footer(document.sections[0])
    tables = {g.key: g for g in grids(report)}

    typesetting.add_title(document, "\n".join(_title_lines(report)), widow_control=True)
    _paragraph(document)
    for text in _paragraphs(report.get("preface")):
        _paragraph(document, text, first_line_chars=2)
    last = None
    for key, heading, paragraphs in _sections(report):
        last = _paragraph(
            document, heading, east_asia=HEITI, latin=HEITI, first_line_chars=2, keep_with_next=True
        )
        for text in paragraphs:
            last = _paragraph(document, text, first_line_chars=2, keep_with_next=key in tables)
        if key in tables:
            _table_docx(document, tables[key])
            last = _paragraph(document, "", size=TABLE_PT, line_pt=TABLE_LINE_PT)

    issued_on = _issued_on(report)
    issuer = report.get("issuer", "")
    if issuer or issued_on:
        dated = arabic_date(issued_on) if issued_on else ""
        issuer_indent, date_indent = _signature_indents(issuer, dated)
        # No page with the signature alone (GB/T 9704-2012 7.3.5.1).
        if last is not None:
            last.paragraph_format.keep_with_next = True
        _paragraph(document, keep_with_next=True)
        _paragraph(document, keep_with_next=True)
        if issuer:
            _paragraph(
                document, issuer, align="right", right_chars=issuer_indent, keep_with_next=True
            )
        if dated:
            _paragraph(document, dated, align="right", right_chars=date_indent)

    return typesetting.docx_bytes(document)


# --- XLSX -------------------------------------------------------------------------------------


def _sheet_title(caption: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ .
    return re.sub(r"[\[\]:*?/\\]", "、", caption)[:31]


def render_xlsx(report: Mapping[str, Any]) -> bytes:
    """The three tables as a workbook: one sheet each, merged headings, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = report["title"]
    workbook.properties.creator = report.get("issuer") or report.get("unit", "")
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain = Font(name=SONG, size=TABLE_PT)
    bold = Font(name=HEITI, size=TABLE_PT, bold=True)
    top = 2  # row 1 holds the section heading

    for grid in grids(report):
        sheet = workbook.create_sheet(_sheet_title(grid.caption))
        width = len(grid.widths_mm)
        sheet.cell(1, 1, f"{report['title']}　{grid.caption}").font = Font(
            name=HEITI, size=12, bold=True
        )
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.row_dimensions[1].height = 24
        for k, chars in enumerate(grid.xlsx_widths, 1):
            sheet.column_dimensions[get_column_letter(k)].width = chars
        lines = [1] * grid.row_count
        for spec in grid.cells:
            row, col = top + spec.row, 1 + spec.col
            cell = sheet.cell(row, col, spec.value if spec.kind == "value" else spec.text)
            heading = spec.kind in ("col", "group")
            cell.font = bold if heading else plain
            left = spec.kind == "corner" or (spec.kind == "row" and spec.rows == 1)
            cell.alignment = Alignment(
                horizontal="left" if left else "center", vertical="center", wrap_text=True
            )
            if spec.kind == "value":
                cell.number_format = "0.0000" if spec.money else "0"
            for r in range(row, row + spec.rows):
                for c in range(col, col + spec.cols):
                    sheet.cell(r, c).border = border
            if spec.rows > 1 or spec.cols > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + spec.rows - 1,
                    end_column=col + spec.cols - 1,
                )
            if spec.rows == 1 and spec.kind != "value":
                room = sum(grid.xlsx_widths[spec.col : spec.col + spec.cols])
                lines[spec.row] = max(lines[spec.row], math.ceil(_em(spec.text) * 2.1 / room))
        for y, count in enumerate(lines):
            sheet.row_dimensions[top + y].height = 15 * count + 3
        # Headings stay in view while scrolling; the row headings too where there are any.
        sheet.freeze_panes = f"{get_column_letter(1 + grid.label_cols)}{top + grid.header_rows}"
        sheet.print_title_rows = f"1:{top + grid.header_rows - 1}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
