"""The annual report's renderers: DOCX, PDF, HTML tables and XLSX, each read back."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from gongkai.reports import render

COLUMNS_3 = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _v(*numbers: int) -> dict[str, int]:
    return dict(zip(COLUMNS_3, numbers, strict=True))


def _o(*numbers: int) -> dict[str, int]:
    return dict(zip(OUTCOMES, numbers, strict=True))


# A county government's report. The figures satisfy the format's identities in every column:
# 一 + 二 = 三（七） + 四, （七） = （一）+（二）+ the items of （三）…（六）, 总计 = the sum of the
# applicant columns; in section 四 each 总计 is the sum of its four outcomes.
SAMPLE_REPORT = {
    "unit": "永昌县人民政府",
    "year": 2025,
    "title": "永昌县人民政府2025年政府信息公开工作年度报告",
    "preface": (
        "本报告根据《中华人民共和国政府信息公开条例》第四十九条、第五十条的规定编制。"
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        "本报告所列数据的统计期限自2025年1月1日起至2025年12月31日止。"
    ),
    "sections": {
        "二": {
            "rows": [
                {
                    "group": "第二十条第（一）项",
                    "label": "规章",
                    "columns": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
                },
                {
                    "group": "第二十条第（一）项",
                    "label": "行政规范性文件",
                    "columns": {"本年制发件数": 4, "本年废止件数": 1, "现行有效件数": 27},
                },
                {
                    "group": "第二十条第（五）项",
                    "label": "行政许可",
                    "columns": {"本年处理决定数量": 1532},
                },
                {
                    "group": "第二十条第（六）项",
                    "label": "行政处罚",
                    "columns": {"本年处理决定数量": 286},
                },
                {
                    "group": "第二十条第（六）项",
                    "label": "行政强制",
                    "columns": {"本年处理决定数量": 17},
                },
                {
                    "group": "第二十条第（八）项",
                    "label": "行政事业性收费",
                    "columns": {"本年收费金额（单位：万元）": "12.3400"},
                },
            ]
        },
        "三": {
            "columns": COLUMNS_3,
            "rows": [
                {
                    "label": "一、本年新收政府信息公开申请数量",
                    "level": 0,
                    "values": _v(46, 7, 1, 2, 3, 1, 60),
                },
                {
                    "label": "二、上年结转政府信息公开申请数量",
                    "level": 0,
                    "values": _v(3, 1, 0, 0, 1, 0, 5),
                },
                {"label": "三、本年度办理结果", "level": 0},
                {"label": "（一）予以公开", "level": 1, "values": _v(18, 3, 1, 1, 1, 0, 24)},
                {
                    "label": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                    "level": 1,
                    "values": _v(6, 1, 0, 0, 1, 0, 8),
                },
                {"label": "（三）不予公开", "level": 1},
                {"label": "1.属于国家秘密", "level": 2, "values": _v(0, 0, 0, 0, 0, 0, 0)},
                {
                    "label": "2.其他法律行政法规禁止公开",
                    "level": 2,
                    "values": _v(0, 0, 0, 0, 0, 0, 0),
                },
                {"label": "3.危及“三安全一稳定”", "level": 2, "values": _v(1, 0, 0, 0, 0, 0, 1)},
                {"label": "4.保护第三方合法权益", "level": 2, "values": _v(2, 1, 0, 0, 0, 0, 3)},
                {"label": "5.属于三类内部事务信息", "level": 2, "values": _v(1, 0, 0, 0, 0, 0, 1)},
                {"label": "6.属于四类过程性信息", "level": 2, "values": _v(2, 0, 0, 0, 0, 0, 2)},
                {"label": "7.属于行政执法案卷", "level": 2, "values": _v(1, 0, 0, 0, 1, 0, 2)},
                {"label": "8.属于行政查询事项", "level": 2, "values": _v(0, 0, 0, 0, 0, 0, 0)},
                {"label": "（四）无法提供", "level": 1},
                {
                    "label": "1.本机关不掌握相关政府信息",
                    "level": 2,
                    "values": _v(8, 2, 0, 0, 0, 0, 10),
                },
                {
                    "label": "2.没有现成信息需要另行制作",
                    "level": 2,
                    "values": _v(2, 0, 0, 1, 0, 0, 3),
                },
                {
                    "label": "3.补正后申请内容仍不明确",
                    "level": 2,
                    "values": _v(1, 0, 0, 0, 0, 0, 1),
                },
                {"label": "（五）不予处理", "level": 1},
                {"label": "1.信访举报投诉类申请", "level": 2, "values": _v(1, 0, 0, 0, 0, 0, 1)},
                {"label": "2.重复申请", "level": 2, "values": _v(1, 0, 0, 0, 0, 0, 1)},
                {"label": "3.要求提供公开出版物", "level": 2, "values": _v(0, 0, 0, 0, 0, 0, 0)},
                {
                    "label": "4.无正当理由大量反复申请",
                    "level": 2,
                    "values": _v(0, 0, 0, 0, 0, 0, 0),
                },
                {
                    "label": "5.要求行政机关确认或重新出具已获取信息",
                    "level": 2,
                    "values": _v(0, 0, 0, 0, 0, 0, 0),
                },
                {"label": "（六）其他处理", "level": 1},
                {
                    "label": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "level": 2,
                    "values": _v(1, 0, 0, 0, 0, 0, 1),
                },
                {
                    "label": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    "level": 2,
                    "values": _v(0, 0, 0, 0, 0, 0, 0),
                },
                {"label": "3.其他", "level": 2, "values": _v(1, 0, 0, 0, 0, 1, 2)},
                {"label": "（七）总计", "level": 1, "values": _v(46, 7, 1, 2, 3, 1, 60)},
                {"label": "四、结转下年度继续办理", "level": 0, "values": _v(3, 1, 0, 0, 1, 0, 5)},
            ],
        },
        "四": {
            "columns": OUTCOMES,
            "rows": [
                {"label": "行政复议", "values": _o(2, 1, 0, 1, 4)},
                {"label": "未经复议直接起诉", "group": "行政诉讼", "values": _o(1, 0, 0, 1, 2)},
                {"label": "复议后起诉", "group": "行政诉讼", "values": _o(1, 0, 0, 0, 1)},
            ],
        },
    },
    "narrative": {
        "一": (
            "2025年，永昌县人民政府坚持以公开为常态、不公开为例外，"
            "围绕县委、县政府中心工作，全面推进政府信息公开工作。\n\n"
            "（一）主动公开。全年通过县政府门户网站主动公开政府信息3126条，"
            "其中政策文件87件、政策解读42篇，重点领域信息1864条。\n\n"
            "（二）依申请公开。全年新收政府信息公开申请60件，上年结转5件，"
            "办结60件，结转下年度继续办理5件，均在法定期限内答复。\n\n"
            "（三）政府信息管理。严格落实公开属性源头认定和保密审查制度，"
            "清理现行有效行政规范性文件27件，废止1件。\n\n"
            "（四）平台建设。完成政府门户网站集约化改造，政府信息公开专栏按照标准目录设置。\n\n"
            "（五）监督保障。将政务公开纳入年度绩效考核，全年未发生因政府信息公开工作被追责的情形。"
        ),
        "五": (
            "一是部分单位主动公开的及时性有待提高；二是政策解读形式较为单一。\n\n"
            "2026年，将建立公开时限提醒机制，丰富图解、视频等解读形式。"
        ),
        "六": "本年度未收取信息处理费。本机关无其他需要报告的事项。",
    },
    "issuer": "永昌县人民政府办公室",
    "issued_on": "2026-01-20",
}


def _leaves_3(report=SAMPLE_REPORT):
    rows = report["sections"]["三"]["rows"]
    return [
        row
        for i, row in enumerate(rows)
        if not (i + 1 < len(rows) and rows[i + 1]["level"] > row["level"])
    ]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def docx_document():
    import docx

    return docx.Document(io.BytesIO(render.render_docx(SAMPLE_REPORT)))


@pytest.fixture(scope="module")
def pdf_bytes():
    return render.render_pdf(SAMPLE_REPORT)


@pytest.fixture(scope="module")
def workbook():
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(render.render_xlsx(SAMPLE_REPORT)))


@pytest.fixture(scope="module")
def html_tables():
    parser = _TableParser()
    parser.feed(render.render_html_tables(SAMPLE_REPORT))
    return parser


# --- the sample itself ------------------------------------------------------------------------


def test_sample_report_satisfies_the_identities_of_the_format():
    by_label = {row["label"]: row.get("values") for row in SAMPLE_REPORT["sections"]["三"]["rows"]}
    leaves = _leaves_3()
    results = [
        row
        for row in leaves
        if row["label"].startswith(("（", "1", "2", "3", "4", "5", "6", "7", "8"))
    ]
    for column in COLUMNS_3:
        handled = sum(row["values"][column] for row in results if row["label"] != "（七）总计")
        assert handled == by_label["（七）总计"][column]
        assert (
            by_label["一、本年新收政府信息公开申请数量"][column]
            + by_label["二、上年结转政府信息公开申请数量"][column]
            == by_label["（七）总计"][column] + by_label["四、结转下年度继续办理"][column]
        )
    for row in leaves:
        assert row["values"]["总计"] == sum(row["values"][c] for c in COLUMNS_3[:-1])
    for row in SAMPLE_REPORT["sections"]["四"]["rows"]:
        assert row["values"]["总计"] == sum(row["values"][c] for c in OUTCOMES[:-1])


# --- DOCX -------------------------------------------------------------------------------------


def _east_asia(run) -> str:
    from docx.oxml.ns import qn

    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_title_is_centred_in_xiaobiaosong(docx_document):
    title = docx_document.paragraphs[0]
    # Too long for one line at 22 pt: broken after the unit's name (GB/T 9704-2012 7.3.3).
    assert title.text == "永昌县人民政府\n2025年政府信息公开工作年度报告"
    assert title.paragraph_format.alignment == 1
    assert {_east_asia(run) for run in title.runs} == {"方正小标宋简体"}
    assert {run.font.size.pt for run in title.runs} == {22}
    assert docx_document.core_properties.title == SAMPLE_REPORT["title"]


def test_docx_has_the_six_headings_in_heiti_and_body_in_fangsong(docx_document):
    paragraphs = {p.text: p for p in docx_document.paragraphs}
    texts = [p.text for p in docx_document.paragraphs]
    positions = [texts.index(heading) for heading in render.HEADINGS.values()]
    assert positions == sorted(positions)
    for heading in render.HEADINGS.values():
        assert {_east_asia(run) for run in paragraphs[heading].runs} == {"黑体"}
    body = paragraphs["本年度未收取信息处理费。本机关无其他需要报告的事项。"]
    assert {_east_asia(run) for run in body.runs} == {"仿宋_GB2312"}
    assert body.paragraph_format.first_line_indent.pt == 32


def test_docx_section_three_table_has_the_official_merged_headings(docx_document):
    table = docx_document.tables[1]
    cell = table.cell
    assert len(table.columns) == 10
    assert cell(0, 0).text == render.CHECK_NOTE
    assert cell(0, 0)._tc is cell(2, 2)._tc  # 3 × 3 corner
    assert cell(0, 3).text == "申请人情况" and cell(0, 3)._tc is cell(0, 9)._tc
    assert cell(1, 3).text == "自然人" and cell(1, 3)._tc is cell(2, 3)._tc
    assert cell(1, 4).text == "法人或其他组织" and cell(1, 4)._tc is cell(1, 8)._tc
    assert cell(1, 9).text == "总计" and cell(1, 9)._tc is cell(2, 9)._tc
    assert [cell(2, k).text for k in range(4, 9)] == COLUMNS_3[1:6]
    # 三、本年度办理结果 spans the 22 result rows; （三）不予公开 its 8 items.
    assert cell(5, 0).text == "三、本年度办理结果" and cell(5, 0)._tc is cell(26, 0)._tc
    assert cell(7, 1).text == "（三）不予公开" and cell(7, 1)._tc is cell(14, 1)._tc
    assert cell(3, 0)._tc is cell(3, 2)._tc  # 一、… spans the three label columns
    assert cell(5, 1)._tc is cell(5, 2)._tc  # （一）… spans two


def test_docx_section_three_cells_hold_every_label_and_number(docx_document):
    table = docx_document.tables[1]
    for y, row in enumerate(_leaves_3(), start=3):
        label_cell = table.cell(y, row["level"])
        assert label_cell.text == row["label"]
        assert [table.cell(y, 3 + k).text for k in range(7)] == [
            str(row["values"][c]) for c in COLUMNS_3
        ]


def test_docx_tables_repeat_their_headings_and_use_song_and_heiti(docx_document):
    from docx.oxml.ns import qn

    section_3, section_4 = docx_document.tables[1], docx_document.tables[2]
    for table, header_rows in ((section_3, 3), (section_4, 3)):
        flags = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
        assert flags == [True] * header_rows + [False] * (len(table.rows) - header_rows)
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"single"}
    number = section_3.cell(3, 3).paragraphs[0]
    assert {_east_asia(run) for run in number.runs} == {"宋体"}
    assert {run.font.size.pt for run in number.runs} == {10.5}
    assert number.alignment == 1
    assert {_east_asia(run) for run in section_3.cell(0, 3).paragraphs[0].runs} == {"黑体"}


def test_docx_section_two_and_four_tables_follow_the_official_layout(docx_document):
    two, four = docx_document.tables[0], docx_document.tables[2]
    assert [two.cell(y, 0).text for y in range(4)] == [
        "第二十条第（一）项",
        "信息内容",
        "规章",
        "行政规范性文件",
    ]
    assert two.cell(0, 0)._tc is two.cell(0, 3)._tc
    assert [two.cell(1, k).text for k in range(1, 4)] == [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert two.cell(3, 3).text == "27"
    assert two.cell(5, 1).text == "本年处理决定数量" and two.cell(5, 1)._tc is two.cell(5, 3)._tc
    assert two.cell(13, 0).text == "行政事业性收费" and two.cell(13, 1).text == "12.3400"
    assert len(four.columns) == 15
    assert four.cell(0, 0).text == "行政复议" and four.cell(0, 0)._tc is four.cell(0, 4)._tc
    assert four.cell(0, 5).text == "行政诉讼" and four.cell(0, 5)._tc is four.cell(0, 14)._tc
    assert four.cell(1, 0).text == "结果维持" and four.cell(1, 0)._tc is four.cell(2, 0)._tc
    assert four.cell(1, 5).text == "未经复议直接起诉" and four.cell(1, 5)._tc is four.cell(1, 9)._tc
    assert four.cell(1, 10).text == "复议后起诉"
    assert [four.cell(3, k).text for k in range(15)] == [
        str(row["values"][o]) for row in SAMPLE_REPORT["sections"]["四"]["rows"] for o in OUTCOMES
    ]


def test_docx_footer_holds_a_page_field_between_dashes(docx_document):
    footer = docx_document.sections[0].footer._element.xml
    assert "PAGE" in footer and "— " in footer and " —" in footer
    section = docx_document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 28


def test_docx_signature_is_kept_with_the_last_text_and_dated_in_arabic_numerals(docx_document):
    texts = [p.text for p in docx_document.paragraphs]
    assert texts[-2:] == ["永昌县人民政府办公室", "2026年1月20日"]
    last_text = texts.index("本年度未收取信息处理费。本机关无其他需要报告的事项。")
    assert all(p.paragraph_format.keep_with_next for p in docx_document.paragraphs[last_text:-1])


def test_docx_declares_the_chinese_fonts_in_its_font_table():
    with zipfile.ZipFile(io.BytesIO(render.render_docx(SAMPLE_REPORT))) as archive:
        fonts = archive.read("word/fontTable.xml").decode()
    for name in ("仿宋_GB2312", "方正小标宋简体", "宋体", "黑体"):
        assert f'w:name="{name}"' in fonts


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_has_the_title_every_label_of_section_three_and_page_numbers(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = [page.extract_text() for page in reader.pages]
    text = _compact("".join(pages))
    assert _compact(SAMPLE_REPORT["title"]) in text
    assert reader.metadata.title == SAMPLE_REPORT["title"]
    for row in SAMPLE_REPORT["sections"]["三"]["rows"]:
        assert _compact(row["label"]) in text, row["label"]
    assert render.CHECK_NOTE in text
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"—{number}—" in _compact(page)


def _pdf_pages(pdf_bytes) -> list[str]:
    from pypdf import PdfReader

    return [_compact(page.extract_text()) for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def test_pdf_repeats_the_section_three_headings_on_every_page_the_table_spans(pdf_bytes):
    labels = [_compact(row["label"]) for row in _leaves_3()]
    spanned = [page for page in _pdf_pages(pdf_bytes) if any(label in page for label in labels)]
    assert len(spanned) >= 2  # the sample's table breaks, so the repetition is exercised
    assert all("申请人情况" in page and "法人或其他组织" in page for page in spanned)


def test_pdf_signature_shares_its_page_with_the_last_text(pdf_bytes):
    last = _pdf_pages(pdf_bytes)[-1]
    assert "本年度未收取信息处理费" in last
    assert last.index("永昌县人民政府办公室") < last.index("2026年1月20日")


def test_pdf_embeds_cjk_fonts_only(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("CJK" in name for name in fonts), fonts


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_has_one_sheet_per_table_with_frozen_headings(workbook):
    assert workbook.sheetnames == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert workbook.worksheets[1].freeze_panes == "D5"
    assert workbook.worksheets[2].freeze_panes == "A5"


def test_xlsx_section_two_numbers_equal_the_input(workbook):
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for row in SAMPLE_REPORT["sections"]["二"]["rows"]:
        r = rows[row["label"]]
        values = list(row["columns"].values())
        got = [sheet.cell(r, 2 + k).value for k in range(len(values))]
        if len(values) == 1 and "金额" in next(iter(row["columns"])):
            assert got == [pytest.approx(float(Decimal(values[0])))]
            assert sheet.cell(r, 2).number_format == "0.0000"
            assert isinstance(got[0], float)
        else:
            assert got == values
    assert {"A2:D2", "B7:D7", "B8:D8", "A9:D9"} <= {str(m) for m in sheet.merged_cells.ranges}


def test_xlsx_section_three_numbers_equal_the_input_under_merged_headings(workbook):
    sheet = workbook.worksheets[1]
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A7:A28", "B9:B16"} <= merged
    assert [sheet.cell(4, c).value for c in range(5, 10)] == COLUMNS_3[1:6]
    for y, row in enumerate(_leaves_3(), start=5):
        assert sheet.cell(y, 1 + row["level"]).value == row["label"]
        assert [sheet.cell(y, 4 + k).value for k in range(7)] == [
            row["values"][c] for c in COLUMNS_3
        ]
        assert sheet.cell(y, 4).number_format == "0"
        assert sheet.cell(y, 4).border.left.style == "thin"


def test_xlsx_section_four_numbers_equal_the_input(workbook):
    sheet = workbook.worksheets[2]
    assert {"A2:E2", "F2:O2", "A3:A4", "F3:J3", "K3:O3"} <= {
        str(m) for m in sheet.merged_cells.ranges
    }
    assert [sheet.cell(5, c).value for c in range(1, 16)] == [
        row["values"][o] for row in SAMPLE_REPORT["sections"]["四"]["rows"] for o in OUTCOMES
    ]


# --- HTML -------------------------------------------------------------------------------------


class _TableParser(HTMLParser):
    """Cells of every table: tag, attributes, text; and the text of every id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.cell: dict | None = None
        self.caption: list[str] | None = None
        self.styled = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.styled |= "style" in attributes
        if tag == "table":
            self.tables.append({"caption": "", "cells": [], "ids": {}, "id": attributes["id"]})
        elif tag == "caption":
            self.caption = []
        elif tag in ("th", "td"):
            self.cell = {"tag": tag, "attrs": attributes, "text": ""}

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1]["caption"] = "".join(self.caption)
            self.caption = None
        elif tag in ("th", "td") and self.cell is not None:
            self.tables[-1]["cells"].append(self.cell)
            if "id" in self.cell["attrs"]:
                self.tables[-1]["ids"][self.cell["attrs"]["id"]] = self.cell["text"]
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        elif self.caption is not None:
            self.caption.append(data)


def _numbers_by_headers(table) -> dict[frozenset[str], str]:
    out = {}
    for cell in table["cells"]:
        if cell["tag"] == "td" and "num" in cell["attrs"]["class"].split():
            names = frozenset(table["ids"][h] for h in cell["attrs"]["headers"].split())
            out[names] = cell["text"]
    return out


def test_html_tables_have_captions_scopes_and_no_inline_styles(html_tables):
    assert [t["caption"] for t in html_tables.tables] == [
        render.HEADINGS["二"],
        render.HEADINGS["三"],
        render.HEADINGS["四"],
    ]
    assert not html_tables.styled
    for table in html_tables.tables:
        for cell in table["cells"]:
            if cell["tag"] == "th":
                assert cell["attrs"]["scope"] in ("col", "row", "rowgroup")
    section_3 = html_tables.tables[1]
    scopes = {c["text"]: c["attrs"].get("scope") for c in section_3["cells"]}
    assert scopes["申请人情况"] == scopes["法人或其他组织"] == scopes["商业企业"] == "col"
    assert scopes["（一）予以公开"] == scopes["三、本年度办理结果"] == "row"


def test_html_section_three_puts_every_number_under_its_row_and_column(html_tables):
    numbers = _numbers_by_headers(html_tables.tables[1])
    assert len(numbers) == len(_leaves_3()) * 7
    for row in _leaves_3():
        for column in COLUMNS_3:
            matches = [
                text for names, text in numbers.items() if row["label"] in names and column in names
            ]
            assert matches == [str(row["values"][column])], (row["label"], column)
    some = next(names for names in numbers if "1.属于国家秘密" in names and "科研机构" in names)
    assert some == {
        "申请人情况",
        "法人或其他组织",
        "科研机构",
        "三、本年度办理结果",
        "（三）不予公开",
        "1.属于国家秘密",
    }


def test_html_sections_two_and_four_put_every_number_in_the_right_cell(html_tables):
    two = _numbers_by_headers(html_tables.tables[0])
    for row in SAMPLE_REPORT["sections"]["二"]["rows"]:
        for heading, value in row["columns"].items():
            assert two[frozenset({row["group"], heading, row["label"]})] == str(value)
    four = _numbers_by_headers(html_tables.tables[2])
    for row in SAMPLE_REPORT["sections"]["四"]["rows"]:
        above = {row["group"], row["label"]} if "group" in row else {row["label"]}
        for outcome in OUTCOMES:
            assert four[frozenset(above | {outcome})] == str(row["values"][outcome])


def test_html_ids_are_unique_and_prefixed():
    fragment = render.render_html_tables(SAMPLE_REPORT, id_prefix="r2025")
    ids = re.findall(r' id="([^"]+)"', fragment)
    assert len(ids) == len(set(ids)) and all(i.startswith("r2025-s") for i in ids)
    assert render.render_html_table(SAMPLE_REPORT, "四") in render.render_html_tables(SAMPLE_REPORT)


def test_every_value_is_escaped_in_the_html_and_the_pdf_source():
    report = copy.deepcopy(SAMPLE_REPORT)
    report["sections"]["二"]["rows"][0]["label"] = '<script>alert("x")</script>'
    report["narrative"]["六"] = "<b>粗</b> & 无"
    fragment = render.render_html_tables(report)
    assert "<script>" not in fragment and "&lt;script&gt;alert(&quot;x&quot;)" in fragment
    document = render._document_html(report)
    assert "<script>" not in document and "<b>粗</b>" not in document
    assert "&lt;b&gt;粗&lt;/b&gt; &amp; 无" in document


# --- input errors -----------------------------------------------------------------------------


def test_a_missing_number_is_named_by_row_and_column():
    report = copy.deepcopy(SAMPLE_REPORT)
    del report["sections"]["三"]["rows"][0]["values"]["科研机构"]
    with pytest.raises(ValueError, match="一、本年新收政府信息公开申请数量.*科研机构"):
        render.render_html_tables(report)


def test_a_count_that_is_not_an_integer_is_refused():
    report = copy.deepcopy(SAMPLE_REPORT)
    report["sections"]["四"]["rows"][0]["values"]["结果维持"] = "2"
    with pytest.raises(ValueError, match="行政复议.*结果维持.*整数"):
        render.render_xlsx(report)


def test_money_is_shown_with_four_decimals_rounded_half_up():
    report = copy.deepcopy(SAMPLE_REPORT)
    report["sections"]["二"]["rows"][-1]["columns"]["本年收费金额（单位：万元）"] = Decimal("3.5")
    assert ">3.5000</td>" in render.render_html_table(report, "二")
    assert render.display(Decimal("12.345650")) == "12.3457"  # half up, not to even
    assert render.display(Decimal("0.00005")) == "0.0001"


def test_a_skipped_level_is_refused():
    report = copy.deepcopy(SAMPLE_REPORT)
    report["sections"]["三"]["rows"][0]["level"] = 2
    with pytest.raises(ValueError, match="层级"):
        render.grids(report)
