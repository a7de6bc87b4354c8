"""Response letters (告知书) and the paper application form of a disclosure request, as DOCX and PDF.

The look follows GB/T 9704-2012 《党政机关公文格式》 as far as it applies to a letter: A4, margins
37/35/28/26 mm (版心 156 × 225 mm, 22 lines of 28 characters), title in 2号小标宋 centred,
body in 3号仿宋 with a two-character first-line indent, the issuing organ and the date at the
bottom right under the seal, page numbers "— 1 —" in 4号宋体. Two departures, on purpose: the
date is written in Chinese numerals (二〇二六年十一月二十五日), as response letters commonly are,
where the 2012 standard (7.3.5.1) asks for Arabic numerals; and the page number is centred rather
than alternating right/left (7.5).

Template texts (:mod:`gongkai.requests.letter_texts`) use ``{申请人}`` placeholders so officers
who are not programmers can edit them; :func:`fill` substitutes them and rejects anything it
does not recognise, so a typo never reaches a citizen as a literal ``{申请入}``.

Pure Python: no Django, no database. The page itself — fonts, A4 margins, the line grid, runs
with the East Asian font named, the page number, escaping — is :mod:`gongkai.typesetting`'s,
shared with the annual report; DOCX through python-docx, PDF through WeasyPrint from HTML
written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from gongkai.typesetting import (
    BODY_PT,
    CHAR_PT,
    CSS_FANGSONG,
    CSS_HEITI,
    CSS_TITLE,
    FANGSONG,
    HEITI,
    LINE_PT,
    TEXT_CSS,
    TITLE_LINE_PT,
    TITLE_PT,
    XIAOBIAOSONG,
    add_paragraph,
    add_run,
    add_title,
    docx_bytes,
    docx_element,
    escape_lines,
    html_head,
    merged_cell,
    new_document,
    page_css,
    page_number_footer,
    set_column_widths,
    table_borders,
    write_pdf,
)

SEAL_MM = 42  # the usual diameter of an organ's seal

_CN_DIGITS = "〇一二三四五六七八九"


class TemplateError(ValueError):
    """A letter template cannot be filled; says why in Chinese and English."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        # args are exactly the constructor's, so the error pickles and rebuilds itself.
        super().__init__(message_zh, message_en)

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


# --- templates -------------------------------------------------------------------------------


def _parse(template: str) -> list[str | tuple[str]]:
    """Literal text as ``str``, each placeholder as a 1-tuple holding its name."""
    parts: list[str | tuple[str]] = []
    literal: list[str] = []
    i, n = 0, len(template)
    while i < n:
        ch = template[i]
        if ch == "{":
            if template.startswith("{{", i):
                literal.append("{")
                i += 2
                continue
            end = template.find("}", i + 1)
            nested = template.find("{", i + 1)
            if end == -1 or (nested != -1 and nested < end):
                raise TemplateError(
                    f"模板第{i + 1}个字符处的“{{”没有对应的“}}”。要输出花括号本身，请写成“{{{{”。",
                    f"The '{{' at character {i + 1} has no matching '}}'; write '{{{{' for a literal brace.",
                )
            name = template[i + 1 : end].strip()
            if not name or "\n" in name:
                raise TemplateError(
                    f"模板第{i + 1}个字符处的占位符没有名称，或者名称跨了行。",
                    f"The placeholder at character {i + 1} has no name or spans lines.",
                )
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append((name,))
            i = end + 1
        elif ch == "}":
            if template.startswith("}}", i):
                literal.append("}")
                i += 2
                continue
            raise TemplateError(
                f"模板第{i + 1}个字符处的“}}”没有对应的“{{”。要输出花括号本身，请写成“}}}}”。",
                f"The '}}' at character {i + 1} has no matching '{{'; write '}}}}' for a literal brace.",
            )
        else:
            literal.append(ch)
            i += 1
    if literal:
        parts.append("".join(literal))
    return parts


def placeholders(template: str) -> set[str]:
    """The placeholder names a template uses, e.g. ``{"申请人", "收到日期"}``."""
    return {part[0] for part in _parse(template) if isinstance(part, tuple)}


def _listing(names: Iterable[str]) -> str:
    return "、".join(f"{{{name}}}" for name in names)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Substitute ``{名称}`` placeholders with ``values``; ``{{`` and ``}}`` are literal braces.

    Values are inserted verbatim (the result is plain text, escaped by whoever renders it).
    Every placeholder must be a key of ``values``; otherwise :class:`TemplateError` names the
    unknown ones and lists the known ones. Spaces around a name are ignored (``{ 申请人 }``).
    A known name between full-width braces (``｛申请人｝``) is refused too, as the slip of a
    Chinese input method; text without braces of either width comes back unchanged.
    """
    parts = _parse(template)
    unknown = sorted({p[0] for p in parts if isinstance(p, tuple) and p[0] not in values})
    if unknown:
        raise TemplateError(
            f"模板中的占位符{_listing(unknown)}无法识别。可以使用的占位符有：{_listing(values)}。",
            f"Unknown placeholder(s) {', '.join(unknown)}; known: {', '.join(values)}.",
        )
    # Full-width braces typed with a Chinese input method would otherwise reach the letter as
    # literal text; a known name between them can only be such a slip.
    for name in values:
        if f"｛{name}｝" in template:
            raise TemplateError(
                f"模板中的“｛{name}｝”使用了全角花括号，请改为半角的“{{{name}}}”。",
                f"'｛{name}｝' uses full-width braces; write '{{{name}}}'.",
            )
    return "".join(p if isinstance(p, str) else str(values[p[0]]) for p in parts)


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines; single line breaks inside a paragraph are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in re.split(r"\n[ \t\u3000]*\n", text):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        paragraph = "\n".join(lines).strip()
        if paragraph:
            paragraphs.append(paragraph)
    return tuple(paragraphs)


# --- dates -----------------------------------------------------------------------------------


def _cn_small(n: int) -> str:
    """1–99 as written in a date: 10 → 十, 20 → 二十, 31 → 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def chinese_date(d: date) -> str:
    """``date(2026, 11, 25)`` → ``二〇二六年十一月二十五日`` (year digit by digit, 0 as 〇)."""
    year = "".join(_CN_DIGITS[int(digit)] for digit in f"{d.year:04d}")
    return f"{year}年{_cn_small(d.month)}月{_cn_small(d.day)}日"


# --- the letter ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    title: str  # e.g. "政府信息公开申请答复告知书"
    number: str  # 文号, e.g. "永教依复〔2026〕3号"; "" = no line
    recipient: str  # "张三" → "张三："; "" = no line
    paragraphs: tuple[str, ...]  # body paragraphs, plain text; "\n" inside = new indented line
    issuer: str  # organ name, e.g. "永昌县教育局"
    issued_on: date
    attachments: tuple[str, ...] = ()  # names; rendered "附件：1.…"
    cc: str = ""  # 抄送 line, e.g. "永昌县人民政府办公室"

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; the letter stays immutable and hashable.
        object.__setattr__(self, "paragraphs", tuple(self.paragraphs))
        object.__setattr__(self, "attachments", tuple(self.attachments))


def compose(
    title: str,
    body: str,
    recipient: str,
    values: Mapping[str, str],
    *,
    issuer: str,
    issued_on: date,
    number: str = "",
    attachments: Sequence[str] = (),
    cc: str = "",
) -> Letter:
    """A :class:`Letter` from templates (title, body with blank-line paragraphs, recipient)."""
    return Letter(
        title=fill(title, values),
        number=number,
        recipient=fill(recipient, values),
        paragraphs=split_paragraphs(fill(body, values)),
        issuer=issuer,
        issued_on=issued_on,
        attachments=tuple(attachments),
        cc=cc,
    )


def _attachment_lines(attachments: Sequence[str]) -> list[str]:
    # GB/T 9704-2012 7.3.4: "附件：1.XXXXX"; a single attachment is not numbered.
    if len(attachments) == 1:
        return [f"附件：{attachments[0]}"]
    return [f"{'附件：' if i == 1 else ''}{i}.{name}" for i, name in enumerate(attachments, 1)]


def _body_lines(letter: Letter) -> list[str]:
    # A line break inside a paragraph (items to correct, say) starts an indented line of its
    # own: an unindented second line would read as a change of paragraph level.
    return [line for paragraph in letter.paragraphs for line in paragraph.split("\n")]


def _cc_line(cc: str) -> str:
    return f"抄送：{cc.rstrip('。')}。"


# --- DOCX ------------------------------------------------------------------------------------


def _signature_indents(issuer: str, dated: str) -> tuple[float, float]:
    """Right indents (in characters) of the organ's name and of the date.

    GB/T 9704-2012 7.3.5.1: the date ends four characters from the right margin and the organ's
    name is centred over it; a name longer than the date keeps four characters and pushes the
    date to stay centred under it.
    """
    difference = (len(issuer) - len(dated)) / 2
    if difference <= 0:
        return 4 - difference, 4
    return 4, 4 + difference


def render_docx(letter: Letter) -> bytes:
    """The letter as a Word document (A4, GB/T 9704 layout, fonts named for Windows/WPS)."""
    document = new_document(title=letter.title, author=letter.issuer)
    page_number_footer(document.sections[0])

    add_title(document, letter.title)
    if letter.number:
        add_paragraph(document, letter.number, align="center", keep_with_next=True)
    add_paragraph(document)
    if letter.recipient:
        add_paragraph(document, f"{letter.recipient}：", align="left")
    # The last paragraph before the signature keeps with it: GB/T 9704-2012 7.3.5.1 forbids a
    # page that carries the seal but no text.
    lines = [(line, 2.0, 0.0) for line in _body_lines(letter)]
    if letter.attachments:
        lines.append(("", 0.0, 0.0))
        # Numbers align under the first one: "附件：" is three characters.
        lines += [
            (line, 0.0, 2.0 if i == 0 else 5.0)
            for i, line in enumerate(_attachment_lines(letter.attachments))
        ]
    for i, (text, first, left) in enumerate(lines):
        add_paragraph(
            document,
            text,
            first_line_chars=first,
            left_chars=left,
            keep_with_next=i == len(lines) - 1,
        )

    dated = chinese_date(letter.issued_on)
    issuer_indent, date_indent = _signature_indents(letter.issuer, dated)
    add_paragraph(document, keep_with_next=True)
    add_paragraph(
        document,
        "（印章）",
        align="right",
        right_chars=max(issuer_indent + (len(letter.issuer) - 4) / 2, 0),
        color=(0xC0, 0x00, 0x00),
        keep_with_next=True,
    )
    add_paragraph(
        document, letter.issuer, align="right", right_chars=issuer_indent, keep_with_next=True
    )
    add_paragraph(document, dated, align="right", right_chars=date_indent)

    if letter.cc:
        add_paragraph(document)
        cc = add_paragraph(document, _cc_line(letter.cc), size=14, left_chars=1, right_chars=1)
        borders = docx_element("pBdr")
        for edge in ("top", "bottom"):
            borders.append(docx_element(edge, val="single", sz="4", space="1", color="000000"))
        # The schema's order: keepNext … pBdr before shd, tabs, spacing, ind, jc.
        cc._p.get_or_add_pPr().insert_element_before(
            borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
        )

    return docx_bytes(document)


# --- PDF -------------------------------------------------------------------------------------


# The cc line is a footnote, so that it stands at the foot of the last page, as the 版记 does
# (GB/T 9704-2012 7.4).
_LETTER_CSS = (
    page_css()
    + "@page { @footnote { margin-top: 6mm; } }"
    + TEXT_CSS
    + f"""
body {{ letter-spacing: {CHAR_PT - BODY_PT:.2f}pt; }}
h1 {{
  font-family: {CSS_TITLE}; font-size: {TITLE_PT}pt; font-weight: bold;
  line-height: {TITLE_LINE_PT}pt; text-align: center; margin: 0;
  letter-spacing: 0;
}}
.number {{ text-align: center; }}
.recipient {{ margin-top: {LINE_PT}pt; }}
.attachments {{ margin-top: {LINE_PT}pt; }}
.attachments p {{ margin-left: {5 * CHAR_PT:.2f}pt; }}
.attachments p.first {{ margin-left: {2 * CHAR_PT:.2f}pt; }}
.signature {{
  margin-top: {2 * LINE_PT}pt; text-align: right; break-before: avoid; break-inside: avoid;
}}
.signature .block {{
  display: inline-block; position: relative; text-align: center;
  max-width: {(28 - 4) * CHAR_PT:.2f}pt;
  margin-right: {4 * CHAR_PT:.2f}pt;
}}
.nowrap {{ white-space: nowrap; }}
.seal {{
  position: absolute; left: 50%; top: 50%;
  width: {SEAL_MM}mm; height: {SEAL_MM}mm;
  margin-left: -{SEAL_MM / 2}mm; margin-top: -{SEAL_MM / 2 + 4}mm;
  border: 1.2pt dashed #c00000; border-radius: 50%;
  color: #c00000; font-size: 9pt; line-height: 12pt; letter-spacing: 0;
  text-align: center; box-sizing: border-box; padding-top: 5mm;
}}
.cc {{
  float: footnote; font-size: 14pt; line-height: 22pt; letter-spacing: 0;
  border-top: 0.75pt solid black; border-bottom: 0.75pt solid black;
  padding: 1mm {CHAR_PT:.2f}pt;
}}
::footnote-call {{ content: none; }}
::footnote-marker {{ content: none; }}
"""
)


def _nowrap(issuer: str) -> str:
    # Shrink-to-fit measures the tightened letter-spacing a hair short and would wrap the last
    # character of a short name; a name too long for one line must wrap, though.
    return "nowrap" if len(issuer) <= 28 - 4 else ""


def _letter_html(letter: Letter) -> str:
    dated = chinese_date(letter.issued_on)
    parts = [
        html_head(letter.title, letter.issuer, _LETTER_CSS),
        f"<h1>{escape_lines(letter.title)}</h1>",
    ]
    if letter.number:
        parts.append(f'<p class="number">{escape_lines(letter.number)}</p>')
    if letter.recipient:
        parts.append(f'<p class="recipient">{escape_lines(letter.recipient)}：</p>')
    else:
        parts.append('<p class="recipient"></p>')
    parts += [f'<p class="body">{escape_lines(line)}</p>' for line in _body_lines(letter)]
    if letter.attachments:
        parts.append('<div class="attachments">')
        for i, line in enumerate(_attachment_lines(letter.attachments)):
            parts.append(f'<p class="{"first" if i == 0 else ""}">{escape_lines(line)}</p>')
        parts.append("</div>")
    parts.append(
        '<div class="signature"><div class="block"><div class="seal">（印章）</div>'
        f'<p class="{_nowrap(letter.issuer)}">{escape_lines(letter.issuer)}</p>'
        f'<p class="nowrap">{escape_lines(dated)}</p></div></div>'
    )
    if letter.cc:
        parts.append(f'<p class="cc">{escape_lines(_cc_line(letter.cc))}</p>')
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF (WeasyPrint; Noto CJK where the official Chinese fonts are absent)."""
    return write_pdf(_letter_html(letter))


# --- the application form (政府信息公开申请表) ---------------------------------------------------

FORM_TITLE = "政府信息公开申请表"
FORM_MARGINS_MM = {"top": 20, "bottom": 15, "left": 28, "right": 26}
FORM_PT = 12  # 小四
FORM_COLUMNS_MM = (10, 10, 30, 33, 38, 35)  # 156 mm, the GB/T 9704 type-area width

# Art. 29: who applies, what information, in what form; the organisation types are the
# applicant columns of the annual report.
_ORG_TYPES = "□商业企业　□科研机构　□社会公益组织\n□法律服务机构　□其他"
_FORMS = "□纸质　□电子邮件　□电子数据　□其他＿＿＿＿"
_ROUTES = "□邮寄　□自取　□电子邮件　□网上获取"
_FORM_NOTES = (
    "填表说明：",
    "1. 申请人为自然人的，填写“自然人”栏；为法人或者其他组织的，填写“法人或其他组织”栏，"
    "并勾选组织类型。",
    "2. 请同时提供申请人的身份证明：自然人提供身份证件复印件，法人或者其他组织提供营业执照"
    "或者登记证书等复印件。",
    "3. 所需信息的描述请尽量具体，写明名称、文号或者便于查询的其他特征性描述；一份申请表"
    "宜只申请一项政府信息。",
)


@dataclass(frozen=True)
class _Cell:
    text: str
    col: int
    span: int = 1
    rows: int = 1
    label: bool = True
    vertical: bool = False
    align: str = "center"


@dataclass(frozen=True)
class _Row:
    cells: tuple[_Cell, ...]
    height_mm: float = 8


def _form_rows() -> list[_Row]:
    """The table as rows of cells on a 6-column grid (merged cells carry span/rows)."""

    def pair(a: str, b: str) -> tuple[_Cell, ...]:
        return (_Cell(a, 2), _Cell("", 3, label=False), _Cell(b, 4), _Cell("", 5, label=False))

    def wide(a: str, value: str = "", align: str = "start") -> tuple[_Cell, ...]:
        return (_Cell(a, 2), _Cell(value, 3, span=3, label=False, align=align))

    return [
        _Row(
            (
                _Cell("申请人信息", 0, rows=9, vertical=True),
                _Cell("自然人", 1, rows=4, vertical=True),
            )
            + pair("姓名", "联系电话")
        ),
        _Row(pair("证件名称", "证件号码")),
        _Row(pair("电子邮箱", "邮政编码")),
        _Row(wide("通信地址")),
        _Row(
            (_Cell("法人或其他组织", 1, rows=5, vertical=True),) + pair("名称", "统一社会信用代码")
        ),
        _Row(pair("法定代表人", "联系人姓名")),
        _Row(pair("联系电话", "电子邮箱")),
        _Row(wide("通信地址")),
        _Row(wide("组织类型", _ORG_TYPES)),
        _Row(
            (
                _Cell("所需信息情况", 0, rows=3, vertical=True),
                _Cell("所需政府信息的名称、文号或者便于查询的其他特征性描述", 1, span=2),
                _Cell("", 3, span=3, label=False),
            ),
            height_mm=36,
        ),
        _Row(
            (
                _Cell("获取信息的方式", 1, span=2),
                _Cell(_FORMS, 3, span=3, label=False, align="start"),
            )
        ),
        _Row(
            (
                _Cell("获取信息的途径", 1, span=2),
                _Cell(_ROUTES, 3, span=3, label=False, align="start"),
            )
        ),
        _Row(
            (
                _Cell("申请人签名或盖章", 0, span=3),
                _Cell("", 3, label=False),
                _Cell("申请日期", 4),
                _Cell("年　　月　　日", 5, label=False, align="right"),
            ),
            height_mm=12,
        ),
    ]


def _form_footer(unit_name: str, address: str, phone: str, office_hours: str) -> list[str]:
    lines = [f"受理机关：{unit_name}"]
    if address:
        lines.append(f"递交地址：{address}")
    contact = [f"联系电话：{phone}"] if phone else []
    contact += [f"受理时间：{office_hours}"] if office_hours else []
    if contact:
        lines.append("　　".join(contact))
    return lines


def application_form_docx(
    unit_name: str, address: str = "", phone: str = "", office_hours: str = ""
) -> bytes:
    """The blank paper application form of ``unit_name`` as a Word document."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    # A grid of 15.6 pt (312 twips): Word's default for a Chinese document, fitting 小四 lines.
    document = new_document(
        title=FORM_TITLE, author=unit_name, margins=FORM_MARGINS_MM, line_pitch_pt=15.6
    )
    add_paragraph(
        document,
        FORM_TITLE,
        size=TITLE_PT,
        east_asia=XIAOBIAOSONG,
        latin=XIAOBIAOSONG,
        align="center",
        line_pt=None,
    )
    add_paragraph(document, "编号：（由受理机关填写）", size=10.5, align="right", line_pt=20)

    rows = _form_rows()
    table = document.add_table(rows=len(rows), cols=len(FORM_COLUMNS_MM))
    table.alignment = 1  # centre
    table._tbl.tblPr.append(table_borders(outer=12, inner=4))
    set_column_widths(table, FORM_COLUMNS_MM)

    for r, spec in enumerate(rows):
        table.rows[r].height = Mm(spec.height_mm)
        table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for c in spec.cells:
            paragraph = merged_cell(table, r, c.col, rows=c.rows, cols=c.span).paragraphs[0]
            paragraph.paragraph_format.alignment = {"center": 1, "start": 0, "right": 2}[c.align]
            paragraph.paragraph_format.space_after = 0
            if c.text:
                add_run(paragraph, c.text, size=FORM_PT, east_asia=HEITI if c.label else FANGSONG)

    add_paragraph(document, "", size=8, line_pt=8)
    for i, note in enumerate(_FORM_NOTES):
        add_paragraph(document, note, size=10.5, line_pt=16, left_chars=0 if i == 0 else 1)
    add_paragraph(document, "", size=6, line_pt=6)
    for line in _form_footer(unit_name, address, phone, office_hours):
        add_paragraph(document, line, size=FORM_PT, line_pt=20, east_asia=FANGSONG)

    return docx_bytes(document)


_FORM_CSS = (
    page_css(FORM_MARGINS_MM, page_numbers=False)
    + f"""
html {{ font-family: {CSS_FANGSONG}; font-size: {FORM_PT}pt; line-height: 1.35; }}
body {{ margin: 0; }}
h1 {{
  font-family: {CSS_TITLE}; font-size: {TITLE_PT}pt; font-weight: bold;
  text-align: center; margin: 0 0 2mm; line-height: 1.3;
}}
.serial {{ text-align: right; font-size: 10.5pt; margin: 0 0 1.5mm; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; border: 1.5pt solid black; }}
td {{ border: 0.5pt solid black; padding: 1mm 1.5mm; vertical-align: middle; }}
td.label {{ font-family: {CSS_HEITI}; text-align: center; }}
td.vertical {{ padding: 1mm 0; line-height: 1.25; }}
td.start {{ text-align: left; }}
td.right {{ text-align: right; padding-right: 2mm; }}
.notes {{ font-size: 10.5pt; line-height: 1.45; margin-top: 2.5mm; }}
.notes p, .footer p {{ margin: 0; }}
.notes p + p {{ padding-left: 2em; text-indent: -1.3em; }}
.footer {{ margin-top: 3mm; line-height: 1.6; }}
"""
)


def _form_html(unit_name: str, address: str, phone: str, office_hours: str) -> str:
    parts = [
        html_head(FORM_TITLE, unit_name, _FORM_CSS),
        f"<h1>{escape_lines(FORM_TITLE)}</h1>",
        '<p class="serial">编号：（由受理机关填写）</p>',
        "<table><colgroup>",
        *(f'<col style="width:{width}mm">' for width in FORM_COLUMNS_MM),
        "</colgroup>",
    ]
    for row in _form_rows():
        parts.append("<tr>")
        for c in row.cells:
            classes = ["label" if c.label else "value"]
            if c.vertical:
                classes.append("vertical")
            if c.align != "center":
                classes.append(c.align)
            text = (
                "<br>".join(escape_lines(ch) for ch in c.text)
                if c.vertical
                else escape_lines(c.text)
            )
            attributes = f' class="{" ".join(classes)}"'
            attributes += f' colspan="{c.span}"' if c.span > 1 else ""
            # A row's height goes on its single-row cells: WeasyPrint sizes rows from cells.
            attributes += (
                f' rowspan="{c.rows}"' if c.rows > 1 else f' style="height:{row.height_mm}mm"'
            )
            parts.append(f"<td{attributes}>{text}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    parts.append('<div class="notes">')
    parts += [f"<p>{escape_lines(note)}</p>" for note in _FORM_NOTES]
    parts.append('</div><div class="footer">')
    parts += [
        f"<p>{escape_lines(line)}</p>"
        for line in _form_footer(unit_name, address, phone, office_hours)
    ]
    parts.append("</div></body></html>")
    return "".join(parts)


def application_form_pdf(
    unit_name: str, address: str = "", phone: str = "", office_hours: str = ""
) -> bytes:
    """The blank paper application form of ``unit_name`` as PDF."""
    return write_pdf(_form_html(unit_name, address, phone, office_hours))
