"""The shared GB/T 9704 page primitives: fonts named, indents, page number, page setup, escaping."""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.typesetting import (
    FANGSONG,
    HEITI,
    LATIN,
    SONG,
    XIAOBIAOSONG,
    add_paragraph,
    add_run,
    add_title,
    docx_bytes,
    escape,
    escape_lines,
    new_document,
    page_css,
    page_number_footer,
)


@pytest.fixture
def document():
    return new_document(title="标题", author="永昌县教育局")


def test_a_run_names_its_east_asian_font_and_drops_theme_fonts(document):
    run = add_run(document.add_paragraph(), "黑体字", size=16, east_asia=HEITI)
    rfonts = run._r.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == HEITI
    assert rfonts.get(qn("w:ascii")) == LATIN and rfonts.get(qn("w:hint")) == "eastAsia"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:eastAsia")) == FANGSONG
    assert not [name for name in default_fonts.attrib if name.lower().endswith("theme")]


def test_only_a_run_at_the_body_size_is_condensed_to_28_characters_a_line(document):
    paragraph = document.add_paragraph()
    body = add_run(paragraph, "正文", size=16, east_asia=FANGSONG)
    small = add_run(paragraph, "表格", size=10.5, east_asia=SONG)
    assert body._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert small._r.rPr.find(qn("w:spacing")) is None


def test_a_line_break_stays_inside_the_styled_run(document):
    paragraph = add_title(document, "永昌县人民政府\n年度报告")
    assert paragraph.text == "永昌县人民政府\n年度报告"
    second = paragraph.runs[1]._r
    assert second[1].tag == qn("w:br")  # right after the run's properties
    assert paragraph.runs[1].font.size.pt == 22
    assert second.rPr.rFonts.get(qn("w:eastAsia")) == XIAOBIAOSONG


def test_indents_are_written_in_characters_and_in_points(document):
    paragraph = add_paragraph(document, "正文", first_line_chars=2, right_chars=4)
    ind = paragraph._p.pPr.ind
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:rightChars")) == "400"
    assert paragraph.paragraph_format.first_line_indent.pt == pytest.approx(32)
    assert paragraph.paragraph_format.right_indent.pt == pytest.approx(64)


def test_side_indents_in_condensed_characters_are_written_in_points_only(document):
    paragraph = add_paragraph(document, "署名", right_chars=2, char_pt=15.79)
    assert paragraph._p.pPr.ind.get(qn("w:rightChars")) is None
    assert paragraph.paragraph_format.right_indent.pt == pytest.approx(
        2 * 15.79, abs=0.05
    )  # in whole twips


def test_an_empty_paragraph_carries_its_size_on_the_paragraph_mark(document):
    paragraph = add_paragraph(document, "", size=10.5, line_pt=14)
    mark = paragraph._p.pPr.find(qn("w:rPr"))
    assert mark.find(qn("w:sz")).get(qn("w:val")) == "21"
    assert paragraph.paragraph_format.line_spacing.pt == pytest.approx(14)


def test_an_unknown_alignment_is_refused(document):
    with pytest.raises(ValueError, match="align"):
        add_paragraph(document, "正文", align="start")


def test_the_footer_numbers_pages_with_a_page_field_between_dashes(document):
    page_number_footer(document.sections[0])
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    instr = footer._p.findall(f".//{qn('w:instrText')}")
    assert [i.text for i in instr] == [" PAGE "]
    kinds = [c.get(qn("w:fldCharType")) for c in footer._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert {r.font.size.pt for r in footer.runs} == {14}


def test_a_new_document_is_an_empty_a4_page_with_the_standard_margins_and_22_lines(document):
    reread = docx.Document(io.BytesIO(docx_bytes(document)))
    assert reread.paragraphs == [] and reread.core_properties.language == "zh-CN"
    section = reread.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"


def test_a_document_without_a_line_grid_has_no_grid_at_all():
    document = new_document(title="表", author="", line_pitch_pt=None)
    assert document.sections[0]._sectPr.find(qn("w:docGrid")) is None


def test_the_font_table_declares_the_chinese_fonts_as_gb2312(document):
    root = docx.oxml.parse_xml(document.part.part_related_by(RT.FONT_TABLE).blob)
    charsets = {
        font.get(qn("w:name")): font.find(qn("w:charset")).get(qn("w:val"))
        for font in root
        if font.find(qn("w:charset")) is not None
    }
    for name in (FANGSONG, XIAOBIAOSONG, SONG, HEITI):
        assert charsets[name] == "86"


def test_escape_keeps_markup_as_text_and_escape_lines_breaks_lines():
    assert escape('<b>"张三"</b>') == "&lt;b&gt;&quot;张三&quot;&lt;/b&gt;"
    assert escape(2026) == "2026"
    assert escape_lines("一\n<二>") == "一<br>&lt;二&gt;"


def test_the_page_rule_numbers_pages_only_when_asked():
    assert 'content: "— " counter(page) " —"' in page_css()
    assert "margin: 37mm 26mm 35mm 28mm" in page_css()
    plain = page_css({"top": 20, "bottom": 15, "left": 28, "right": 26}, page_numbers=False)
    assert "counter(page)" not in plain and "margin: 20mm 26mm 15mm 28mm" in plain


def test_typesetting_imports_neither_django_nor_the_office_libraries():
    # Pure, and cheap to import: python-docx and WeasyPrint load only when a document is made.
    code = (
        "import sys, gongkai.typesetting; "
        "sys.exit(any(m.split('.')[0] in ('django', 'docx', 'weasyprint') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
