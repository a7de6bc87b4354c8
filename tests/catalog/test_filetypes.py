"""Uploads are judged by their content: a program or a web page under an office file's name is
refused with a message saying what it really is; real office files pass, messy ones too."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx
from openpyxl import Workbook
from PIL import Image
from reportlab.pdfgen import canvas
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog import filetypes


def _pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Yongchang 2026")
    page.save()
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    doc = Docx()
    doc.add_paragraph("关于做好春季学期开学工作的通知")
    doc.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    book = Workbook()
    book.active.append(["类别", "数量"])
    book.save(out)
    return out.getvalue()


def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, kind)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("附件1.txt", "名单")
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
)


@pytest.mark.parametrize(
    "name, content",
    [
        ("通知.pdf", _pdf()),
        ("通知.docx", _docx()),
        ("通知.doc", _docx()),  # a .docx saved under the old name: common, harmless
        ("统计表.xlsx", _xlsx()),
        ("统计表.et", _xlsx()),
        ("照片.jpg", _image("JPEG")),
        ("照片.jpeg", _image("JPEG")),
        ("图表.png", _image("PNG")),
        ("附件.zip", _zip()),
        ("说明.txt", "永昌县人民政府\n关于做好防汛工作的通知\n".encode()),
        ("名单.csv", "姓名,村\n张三,红山窑村\n".encode()),
        ("说明.TXT", "GBK 编码的说明".encode("gbk")),
    ],
)
def test_real_files_pass(name, content):
    assert filetypes.problem(name, content) is None


@pytest.mark.parametrize(
    "name, content, said",
    [
        ("通知.pdf", EXE, "Windows 程序"),
        ("通知.docx", EXE, "Windows 程序"),
        ("照片.jpg", HTML, "网页（HTML）"),
        ("说明.txt", HTML, "网页（HTML）"),
        ("图表.png", SVG, "SVG 图形"),
        ("通知.pdf", _docx(), "其他类型"),
        ("照片.png", _image("JPEG"), "JPEG 图片"),
        ("附件.zip", _pdf(), "PDF 文件"),
        ("空.pdf", b"", "空的"),
        ("工具.exe", EXE, "不接受扩展名"),
        ("没有扩展名", _pdf(), "缺少扩展名"),
    ],
)
def test_files_whose_content_is_not_their_name_are_refused(name, content, said):
    why = filetypes.problem(name, content)
    assert why is not None and said in why


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "a@example.gov.cn", "pw-Yc-2026-x")
    client.force_login(user)
    return client


def test_the_back_office_refuses_a_program_renamed_to_pdf(staff_client):
    upload = SimpleUploadedFile("通知.pdf", EXE, content_type="application/pdf")
    response = staff_client.post(
        "/admin/documents/add/", {"title": "通知", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "内容是Windows 程序" in response.content.decode()
    assert not UploadedFile.objects.exists()


def test_the_back_office_accepts_a_real_pdf(staff_client):
    upload = SimpleUploadedFile("通知.pdf", _pdf(), content_type="application/pdf")
    response = staff_client.post(
        "/admin/documents/add/", {"title": "通知", "file": upload, "collection": 1}
    )
    assert response.status_code == 302
    stored = UploadedFile.objects.get(title="通知")
    assert stored.file.read().startswith(b"%PDF")  # the check read it and rewound it


def test_the_decision_import_refuses_a_web_page_named_csv(staff_client):
    upload = SimpleUploadedFile("决定.csv", HTML, content_type="text/csv")
    response = staff_client.post("/admin/reports/decisions/", {"file": upload})
    assert "网页（HTML）" in response.content.decode()
