"""The page of an official document (GB/T 9704-2012 《党政机关公文格式》) in DOCX and in PDF.

Shared by the response letters and the application form (:mod:`gongkai.requests.letters`) and
by the annual report (:mod:`gongkai.reports.render`): the fonts and sizes, the A4 page with its
margins and 22-line grid, paragraphs and runs in python-docx with the East Asian font named on
every run, the "— 1 —" page number, and for the PDF (WeasyPrint) the matching CSS and HTML
escaping. Each caller keeps what is its own (a letter's seal, the report's tables).

Pure Python: no Django. python-docx and WeasyPrint are imported only when a document is made,
so importing this module stays cheap for the pages that merely link to a letter.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Mapping
from typing import Any

# Font names as they are installed on an official's PC (Windows, WPS); the CSS lists end with
# the Noto CJK faces a Linux server has. Latin letters and digits in DOCX use Times New Roman,
# as in the usual 公文 templates.
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONG = "宋体"
HEITI = "黑体"
LATIN = "Times New Roman"

CSS_FANGSONG = (
    '"仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif'
)
CSS_TITLE = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif'
CSS_SONG = '"宋体", "SimSun", "Noto Serif CJK SC", serif'
CSS_HEITI = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'

# GB/T 9704-2012 5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm on A4 (5.1).
PAGE_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# 5.2.3: 22 lines of 28 characters, filling the type area.
LINE_PT = 28.95  # 225 mm / 22 lines; Word's usual "固定值 28.95 磅"
CHAR_PT = 15.79  # 156 mm / 28 characters (3号 = 16 pt, set a little tight)
# 5.2.2 and 7.3: text in 3号仿宋, the title in 2号小标宋; 7.5: page numbers in 4号宋体.
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
TITLE_LINE_PT = 35  # a title line: 1.2 body lines
PAGE_NUMBER_PT = 14  # 4号

# Word and WPS substitute a missing font by its charset and family; these are the facts of the
# fonts above (charset 86 = GB2312).
_FONT_TABLE = (
    (FANGSONG, "仿宋", "modern", "fixed"),
    (XIAOBIAOSONG, "宋体", "script", "variable"),
    (SONG, "SimSun", "auto", "variable"),
    (HEITI, "SimHei", "modern", "fixed"),
)


# --- DOCX ------------------------------------------------------------------------------------


def docx_element(tag: str, **attributes: str) -> Any:
    """A new ``w:tag`` element with ``w:`` attributes: ``docx_element("br")``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def set_fonts(rpr: Any, east_asia: str, latin: str) -> None:
    """Name the fonts of a ``w:rPr``, the East Asian one explicitly (GB/T 9704-2012 5.2.2).

    Without ``w:eastAsia`` Word and WPS set Chinese in the Latin face; theme fonts are dropped,
    as they would win over the names given here.
    """
    from docx.oxml.ns import qn

    rfonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def declare_fonts(document: Any) -> None:
    """Declare the Chinese fonts in the font table with charset GB2312 and a common alternative.

    Word and WPS substitute a missing font by these facts; without them a PC lacking
    仿宋_GB2312 may choose a Latin face for the 3号仿宋 of GB/T 9704-2012 5.2.2.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    w = root.nsmap["w"]
    known = {f.get(f"{{{w}}}name") for f in root}
    for name, alt, family, pitch in _FONT_TABLE:
        if name in known:
            continue
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": family})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": pitch})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_document(
    *,
    title: str,
    author: str,
    margins: Mapping[str, float] = PAGE_MARGINS_MM,
    line_pitch_pt: float | None = LINE_PT,
) -> Any:
    """An empty A4 document (GB/T 9704-2012 5.1, 5.2.1) whose text defaults to 3号仿宋 (5.2.2).

    ``margins`` in mm (the standard's by default); the page number's dash sits 7 mm below the
    type area (7.5). ``line_pitch_pt`` is the document grid's line pitch: ``LINE_PT`` gives the
    22 lines a page of 5.2.3; ``None`` sets no grid, for pages of tables, where a grid would
    stretch every single-spaced line to its pitch. There is never a character grid: LibreOffice
    (and so the office suites of the 信创 machines built on it) spreads each character over two
    grid cells when the pitch is smaller than the font, so 28 characters a line come from a
    slightly condensed spacing of the body runs instead (see :func:`add_run`).
    """
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "zh-CN"
    document.core_properties.comments = ""

    # Defaults: 3号仿宋, Chinese language tag, no theme fonts (they would win over ours).
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, FANGSONG, LATIN)
    rpr_default.find(qn("w:sz")).set(qn("w:val"), str(BODY_PT * 2))
    rpr_default.find(qn("w:szCs")).set(qn("w:val"), str(BODY_PT * 2))
    rpr_default.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), FANGSONG, LATIN)
    declare_fonts(document)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(max(margins["bottom"] - 7 - 5, 10))
    grid = section._sectPr.find(qn("w:docGrid"))
    if line_pitch_pt is None:
        if grid is not None:
            section._sectPr.remove(grid)
    else:
        if grid is None:
            grid = docx_element("docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(line_pitch_pt * 20)))
    # python-docx's template starts with one empty paragraph; remove it so the title is first.
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return document


def add_run(
    paragraph: Any,
    text: str,
    *,
    size: float,
    east_asia: str,
    latin: str = LATIN,
    bold: bool = False,
    color: tuple[int, int, int] | None = None,
) -> Any:
    """A run of ``text`` at ``size`` pt with its fonts named (see :func:`set_fonts`).

    A run at the body size is condensed to ``CHAR_PT`` a character, so that 28 characters fill
    the 156 mm line (GB/T 9704-2012 5.2.3).
    """
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    if size == BODY_PT:
        # w:spacing in twentieths of a point; the schema's order: … color, spacing, w, kern, sz …
        rpr.sz.addprevious(docx_element("spacing", val=str(math.floor((CHAR_PT - BODY_PT) * 20))))
    if bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = RGBColor(*color)
    set_fonts(rpr, east_asia, latin)
    return run


_ALIGNMENTS = ("justify", "left", "center", "right")


def add_paragraph(
    container: Any,
    text: str = "",
    *,
    size: float = BODY_PT,
    east_asia: str = FANGSONG,
    latin: str = LATIN,
    align: str = "justify",
    line_pt: float | None = LINE_PT,
    first_line_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    char_pt: float | None = None,
    bold: bool = False,
    color: tuple[int, int, int] | None = None,
    keep_with_next: bool = False,
    widow_control: bool = False,
) -> Any:
    """A paragraph of ``text`` (``"\\n"`` breaks the line) in 3号仿宋 on the 28.95 pt line.

    ``container`` is a document, a table cell or a footer to add the paragraph to, or a
    paragraph already there (a cell's first) to format and fill instead. ``align`` is one of
    "justify" (body text, GB/T 9704-2012 5.2.3's lines filled to the margin), "left",
    "center" and "right". ``line_pt`` is an exact line height; ``None`` leaves the spacing to
    the style. Indents are in characters, so that a body paragraph's first line is indented two
    (7.3.3): each is written both in points and in Word's character units (``w:firstLineChars``
    …), which Word and WPS prefer. ``char_pt``, when given, is the width of a character for the
    left and right indents instead of the font size — for text condensed to ``CHAR_PT`` — and
    these two are then written in points only, as Word's own unit is the font size.
    ``widow_control`` keeps a paragraph's first and last two lines together, as the PDF does.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    if align not in _ALIGNMENTS:
        raise ValueError(f"align must be one of {_ALIGNMENTS}, not {align!r}")
    paragraph = container if isinstance(container, Paragraph) else container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line_pt is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)
    if widow_control:
        fmt.widow_control = True
    if keep_with_next:
        fmt.keep_with_next = True
    side_pt = size if char_pt is None else char_pt
    if first_line_chars:
        fmt.first_line_indent = Pt(first_line_chars * size)
    if left_chars:
        fmt.left_indent = Pt(left_chars * side_pt)
    if right_chars:
        fmt.right_indent = Pt(right_chars * side_pt)
    in_chars = {"firstLineChars": first_line_chars}
    if char_pt is None:
        in_chars |= {"leftChars": left_chars, "rightChars": right_chars}
    if any(in_chars.values()):
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        for name, chars in in_chars.items():
            if chars:
                ind.set(qn(f"w:{name}"), str(round(chars * 100)))
    for i, line in enumerate(text.split("\n")):
        run = add_run(
            paragraph, line, size=size, east_asia=east_asia, latin=latin, bold=bold, color=color
        )
        if i:
            run._r.insert(run._r.index(run._r.rPr) + 1, docx_element("br"))
    if not text:
        # An empty line still carries the size, so its height matches the text lines.
        mark = docx_element("rPr")
        mark.append(docx_element("sz", val=str(round(size * 2))))
        paragraph._p.get_or_add_pPr().append(mark)
    return paragraph


def add_title(container: Any, text: str, *, widow_control: bool = False) -> Any:
    """The title: 2号小标宋 centred (GB/T 9704-2012 7.3.1), kept with the text that follows.

    ``"\n"`` breaks a long title where the meaning allows (7.3.1 asks for that, not for a break
    wherever the line is full); ``widow_control`` as in :func:`add_paragraph`.
    """
    return add_paragraph(
        container,
        text,
        size=TITLE_PT,
        east_asia=XIAOBIAOSONG,
        latin=XIAOBIAOSONG,
        align="center",
        line_pt=TITLE_LINE_PT,
        keep_with_next=True,
        widow_control=widow_control,
    )


def page_number_footer(section: Any) -> None:
    """ "— 1 —" centred in the section's footer: a PAGE field between two dashes, 4号宋体.

    GB/T 9704-2012 7.5 (4号 Arabic numerals with a dash either side), but centred rather than
    alternating right and left: a departure the letters and the report both make on purpose.
    """
    from docx.oxml.ns import qn

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    paragraph.paragraph_format.alignment = 1  # centre
    pieces: list[tuple[str, str | None]] = [
        ("— ", None),
        ("", "begin"),
        (" PAGE ", "instr"),
        ("", "separate"),
        ("1", None),
        ("", "end"),
        (" —", None),
    ]
    for text, kind in pieces:
        run = add_run(paragraph, "", size=PAGE_NUMBER_PT, east_asia=SONG, latin=SONG)
        if kind == "instr":
            instr = docx_element("instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind is not None:
            run._r.append(docx_element("fldChar", fldCharType=kind))
        else:
            run.text = text


def table_borders(outer: int, inner: int) -> Any:
    """A ``w:tblBorders``: single black lines, ``outer`` and ``inner`` in eighths of a point."""
    borders = docx_element("tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        size = inner if edge.startswith("inside") else outer
        borders.append(docx_element(edge, val="single", sz=str(size), space="0", color="000000"))
    return borders


def set_column_widths(table: Any, widths_mm: tuple[float, ...]) -> None:
    """Fix a table's column widths (on the columns and on every cell, as Word reads the cells)."""
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def merged_cell(table: Any, row: int, col: int, rows: int = 1, cols: int = 1) -> Any:
    """The cell at (``row``, ``col``) merged over ``rows`` × ``cols``, centred vertically,
    holding one empty paragraph."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell = table.cell(row, col)
    if rows > 1 or cols > 1:
        cell = cell.merge(table.cell(row + rows - 1, col + cols - 1))
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return cell


def docx_bytes(document: Any) -> bytes:
    """The document as the bytes of a .docx file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF (HTML and CSS for WeasyPrint) ---------------------------------------------------------


def escape(text: object) -> str:
    """``text`` as HTML text or attribute value, quotes included."""
    return html.escape(str(text), quote=True)


def escape_lines(text: str) -> str:
    """:func:`escape`, with each line break as ``<br>``."""
    return escape(text).replace("\n", "<br>")


def page_css(margins: Mapping[str, float] = PAGE_MARGINS_MM, *, page_numbers: bool = True) -> str:
    """The ``@page`` rule: A4 with ``margins`` in mm (GB/T 9704-2012 5.1, 5.2.1) and, with
    ``page_numbers``, "— 1 —" in 4号宋体 centred 7 mm under the type area (7.5)."""
    numbers = (
        f'  @bottom-center {{ content: "— " counter(page) " —"; font-family: {CSS_SONG};\n'
        f"    font-size: {PAGE_NUMBER_PT}pt; vertical-align: top; padding-top: 4.5mm; }}\n"
        if page_numbers
        else ""
    )
    top, right, bottom, left = (margins[edge] for edge in ("top", "right", "bottom", "left"))
    return f"@page {{\n  size: A4;\n  margin: {top}mm {right}mm {bottom}mm {left}mm;\n{numbers}}}\n"


# 3号仿宋 on the 28.95 pt line (GB/T 9704-2012 5.2.2, 5.2.3); no paragraph spacing, and never a
# single line of a paragraph alone at the foot or head of a page. A body paragraph (class "body")
# is indented two characters (7.3.3) and justified, 28 characters to the line.
TEXT_CSS = f"""
html {{ font-family: {CSS_FANGSONG}; font-size: {BODY_PT}pt; line-height: {LINE_PT}pt; }}
body {{ margin: 0; }}
p {{ margin: 0; orphans: 2; widows: 2; }}
.body {{
  text-indent: {2 * CHAR_PT:.2f}pt; text-align: justify; letter-spacing: {CHAR_PT - BODY_PT:.2f}pt;
}}
"""


def html_head(title: str, author: str, css: str) -> str:
    """The start of a Chinese HTML document up to ``<body>``: its title, author and style."""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="author" content="{escape(author)}">'
        f"<style>{css}</style></head><body>"
    )


def write_pdf(document_html: str) -> bytes:
    """The HTML as PDF (WeasyPrint; Noto CJK where the official Chinese fonts are absent)."""
    from weasyprint import HTML

    return HTML(string=document_html).write_pdf()
