"""Text extraction from real PDF, DOCX, XLSX, TXT and HTML files, built here and read back."""

from __future__ import annotations

import copy
from io import BytesIO

import docx
import pytest
from lxml import etree
from openpyxl import Workbook
from pypdf import PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from gongkai.publishing.extract import ExtractionError, extract_text
from gongkai.publishing.scanner import scan_text

ID = "620321194204277127"  # synthetic, check digit computed
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


# --- builders (also used by test_scan_cli.py) --------------------------------------------------
def make_pdf(*pages: list[str]) -> bytes:
    """A PDF whose pages hold the given lines, in the built-in Chinese font STSong-Light."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = BytesIO()
    c = canvas.Canvas(out)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for n, line in enumerate(lines):
            c.drawString(72, 800 - 20 * n, line)
        c.showPage()
    c.save()
    return out.getvalue()


def make_docx(
    *, header: str = "", body: list[str] = (), table: list[list[str]] = (), footer: str = ""
) -> bytes:
    d = docx.Document()
    if header:
        d.sections[0].header.paragraphs[0].text = header
    for text in body:
        d.add_paragraph(text)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, value in enumerate(row):
                t.cell(i, j).text = value
    if footer:
        d.sections[0].footer.paragraphs[0].text = footer
    out = BytesIO()
    d.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "补贴发放表"
    ws.append(["序号", "姓名", "联系电话", "金额（元）"])
    ws.append([1, "马建军", 13858870423, 12000.0])
    ws.oddHeader.center.text = "内部资料"
    hidden = wb.create_sheet("备注")
    hidden.sheet_state = "hidden"
    hidden["B2"] = "机密★1年"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------
def test_chinese_text_comes_back_from_a_pdf_page_by_page():
    data = make_pdf(
        ["永昌县人民政府办公室", "关于做好2024年政务公开工作的通知"],
        ["机密★1年", f"申请人张三，身份证号{ID}"],
    )
    text = extract_text(data, "通知.pdf")
    assert text.split("\n") == [
        "永昌县人民政府办公室",
        "关于做好2024年政务公开工作的通知",
        "机密★1年",
        f"申请人张三，身份证号{ID}",
    ]
    assert {f.kind for f in scan_text(text)} == {"secret_marking", "name_with_id", "resident_id"}


def test_a_pdf_read_from_a_path_is_the_same_as_from_bytes(tmp_path):
    data = make_pdf(["政府信息公开指南"])
    path = tmp_path / "指南.pdf"
    path.write_bytes(data)
    assert extract_text(path) == extract_text(data, "指南.pdf") == "政府信息公开指南"


def test_a_pdf_with_only_an_owner_password_is_read():
    writer = PdfWriter(clone_from=BytesIO(make_pdf(["秘密★1年"])))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = BytesIO()
    writer.write(out)
    assert extract_text(out.getvalue(), "a.pdf") == "秘密★1年"


def test_a_pdf_that_needs_a_password_to_open_is_an_error():
    writer = PdfWriter(clone_from=BytesIO(make_pdf(["秘密★1年"])))
    writer.encrypt(user_password="open-me", owner_password="owner", algorithm="AES-256")
    out = BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError) as e:
        extract_text(out.getvalue(), "a.pdf")
    assert e.value.code == "encrypted" and "密码" in e.value.message_zh
    assert "password" in e.value.message_en


def test_a_pdf_without_a_text_layer_is_an_error_not_an_empty_text():
    out = BytesIO()
    c = canvas.Canvas(out)
    c.rect(72, 600, 200, 100, fill=1)  # a scanned page is a picture; a box will do
    c.showPage()
    c.save()
    with pytest.raises(ExtractionError) as e:
        extract_text(out.getvalue(), "扫描件.pdf")
    assert e.value.code == "no_text" and "扫描件" in e.value.message_zh


def test_kangxi_radicals_from_pdf_fonts_are_read_as_ideographs():
    assert extract_text(make_pdf(["⼯作秘密"]), "a.pdf") == "工作秘密"


# --- DOCX --------------------------------------------------------------------------------------
def test_docx_header_comes_first_then_body_tables_and_footer():
    data = make_docx(
        header="秘密★1年",
        body=["永昌县民政局", "城乡低保新增对象公示"],
        table=[["序号", "姓名", "身份证号码"], ["1", "李秀英", ID]],
        footer="第1页",
    )
    assert extract_text(data, "公示.docx").split("\n") == [
        "秘密★1年",
        "永昌县民政局",
        "城乡低保新增对象公示",
        "序号\t姓名\t身份证号码",
        f"1\t李秀英\t{ID}",
        "第1页",
    ]


def test_a_marking_in_a_docx_header_blocks():
    text = extract_text(make_docx(header="内部资料 注意保存", body=["简报正文"]), "简报.docx")
    assert [f.kind for f in scan_text(text)] == ["internal_marking"]


def test_text_boxes_are_read_once_even_with_a_fallback_copy():
    d = docx.Document()
    p = d.add_paragraph("正文")
    run = etree.SubElement(p._p, f"{{{W}}}r")
    alternate = etree.SubElement(run, f"{{{MC}}}AlternateContent")
    for branch in ("Choice", "Fallback"):
        holder = etree.SubElement(alternate, f"{{{MC}}}{branch}")
        box = etree.SubElement(etree.SubElement(holder, f"{{{W}}}pict"), f"{{{W}}}txbxContent")
        box_p = etree.SubElement(box, f"{{{W}}}p")
        etree.SubElement(etree.SubElement(box_p, f"{{{W}}}r"), f"{{{W}}}t").text = "机密"
    out = BytesIO()
    d.save(out)
    assert extract_text(out.getvalue(), "a.docx").split("\n") == ["正文", "机密"]


def test_comments_in_a_docx_are_read():
    d = docx.Document()
    p = d.add_paragraph("拟公开名单")
    d.add_comment(p.runs, text="王小明的手机13964620997", author="审核人")
    out = BytesIO()
    d.save(out)
    assert "王小明的手机13964620997" in extract_text(out.getvalue(), "a.docx")


def test_deleted_tracked_changes_are_not_read():
    d = docx.Document()
    p = d.add_paragraph("保留")
    deleted = etree.SubElement(p._p, f"{{{W}}}del")
    run = etree.SubElement(deleted, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}delText").text = "删除的内容"
    # The same run inserted: tracked insertions are part of the text.
    inserted = etree.SubElement(p._p, f"{{{W}}}ins")
    inserted.append(copy.deepcopy(p.runs[0]._r))
    out = BytesIO()
    d.save(out)
    assert extract_text(out.getvalue(), "a.docx") == "保留保留"


# --- XLSX --------------------------------------------------------------------------------------
def test_xlsx_reads_every_sheet_including_hidden_ones_and_headers():
    assert extract_text(make_xlsx(), "表.xlsx").split("\n") == [
        "补贴发放表",
        "内部资料",
        "序号\t姓名\t联系电话\t金额（元）",
        "1\t马建军\t13858870423\t12000",
        "备注",
        "\t机密★1年",
    ]


def test_numbers_stored_as_numbers_in_xlsx_are_still_found():
    text = extract_text(make_xlsx(), "表.xlsx")
    assert [f.kind for f in scan_text(text)] == [
        "internal_marking",
        "name_with_id",
        "mobile",
        "secret_marking",
    ]


def test_cell_comments_in_xlsx_are_read():
    from openpyxl.comments import Comment

    wb = Workbook()
    wb.active["A1"] = "合计"
    wb.active["A1"].comment = Comment("身份证号见附件", "经办人")
    out = BytesIO()
    wb.save(out)
    assert "身份证号见附件" in extract_text(out.getvalue(), "a.xlsx")


# --- text and HTML -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        "内部资料\r\n第8期".encode(),
        "\ufeff内部资料\r\n第8期".encode(),
        "内部资料\r\n第8期".encode("gb18030"),
        "内部资料\r\n第8期".encode("utf-16"),
    ],
)
def test_text_files_in_utf8_gb18030_or_utf16_are_decoded(data):
    assert extract_text(data, "a.txt") == "内部资料\n第8期"


def test_html_files_are_read_as_their_text():
    html = '<html><head><meta charset="gbk"><style>p{}</style></head><body><p>秘密★1年</p><p>正文</p></body></html>'
    assert extract_text(html.encode("gbk"), "a.html") == "秘密★1年\n正文"


# --- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "a.xlsx"])
def test_a_damaged_file_is_an_error_that_names_the_format(name):
    with pytest.raises(ExtractionError) as e:
        extract_text(b"PK\x03\x04 not really a zip or a pdf", name)
    fmt = name[2:].upper()
    assert e.value.code == "corrupt"
    assert fmt in e.value.message_zh and fmt in e.value.message_en


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(ExtractionError) as e:
        extract_text(tmp_path / "没有.pdf")
    assert e.value.code == "missing" and "找不到文件" in e.value.message_zh


def test_an_encrypted_office_file_is_an_error():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(ExtractionError) as e:
        extract_text(ole, "名单.xlsx")
    assert e.value.code == "encrypted"


def test_legacy_office_files_are_refused_with_advice():
    with pytest.raises(ExtractionError) as e:
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "通知.doc")
    assert e.value.code == "legacy" and "DOCX" in e.value.message_zh


def test_a_file_without_a_known_extension_is_recognised_by_its_content():
    assert extract_text(make_pdf(["公告"]), "download") == "公告"
    assert extract_text(make_docx(body=["公告"]), "download").strip() == "公告"


def test_unknown_binary_content_is_unsupported():
    with pytest.raises(ExtractionError) as e:
        extract_text(b"\x89PNG\r\n\x1a\n", "photo.png")
    assert e.value.code == "unsupported"


def test_binary_data_in_a_text_file_is_an_error():
    with pytest.raises(ExtractionError) as e:
        extract_text(b"\x00\x01\x02binary", "a.txt")
    assert e.value.code == "not_text"


def test_bytes_need_a_file_name():
    with pytest.raises(TypeError):
        extract_text(b"abc")
