"""The unit's 依申请公开 column: how to apply, above the list, and the paper form to download."""

from __future__ import annotations

import io
from urllib.parse import quote

import docx
import pytest
from pypdf import PdfReader

from gongkai.orgs.models import UnitKind
from tests.factories import DocumentFactory, UnitFactory


@pytest.fixture
def office(unit):
    unit.disclosure_office = "永昌县测试局办公室"
    unit.address = "永昌县城关镇北海子路8号"
    unit.postcode = "737200"
    unit.phone = "0935-7520000"
    unit.email = "yc-test@example.cn"
    unit.office_hours = "工作日 9:00—12:00，14:30—18:00"
    unit.fax = ""
    unit.save()
    return unit


def column(client, unit, key="request") -> str:
    response = client.get(f"/u/{unit.code}/c/{key}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_request_column_says_how_to_apply_above_its_list(client, office):
    DocumentFactory(unit=office, title="依申请公开工作流程图", columns=["request"])
    html = column(client, office)
    for text in [
        "永昌县测试局办公室",
        "永昌县城关镇北海子路8号",
        "737200",
        "0935-7520000",
        "yc-test@example.cn",
        "工作日 9:00—12:00",
    ]:
        assert text in html
    assert "传真</dt>" not in html  # empty details are left out
    assert f'href="/u/{office.code}/apply/"' in html and 'href="/apply/status/"' in html
    assert f'href="/u/{office.code}/apply/form.docx"' in html
    assert f'href="/u/{office.code}/apply/form.pdf"' in html
    assert "20个工作日" in html and "最长不超过20个工作日" in html
    assert "国办函〔2020〕109号" in html and "信息处理费" in html
    for way in ["网上申请", "当面提交", "邮寄"]:
        assert way in html
    assert html.index("如何申请政府信息公开") < html.index("依申请公开工作流程图")


def test_a_fax_number_adds_the_fax_way(client, office):
    office.fax = "0935-7520001"
    office.save()
    html = column(client, office)
    assert "传真</dt>" in html and "发送至 0935-7520001" in html


def test_other_columns_have_no_how_to(client, office):
    assert "如何申请政府信息公开" not in column(client, office, "guide")


def test_a_community_s_column_points_to_the_organ_above_it(client, db):
    township = UnitFactory(code="620321101", name="永昌县城关镇人民政府", kind=UnitKind.TOWNSHIP)
    community = UnitFactory(
        code="620321401", name="北海子社区", kind=UnitKind.COMMUNITY, parent=township
    )
    html = column(client, community)
    assert "不属于行政机关" in html and f'href="/u/{township.code}/c/request/"' in html
    assert f"/u/{community.code}/apply/" not in html


def test_the_paper_form_downloads_as_word_with_a_chinese_file_name(client, office):
    response = client.get(f"/u/{office.code}/apply/form.docx")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="application-form-{office.code}.docx"' in disposition
    assert "filename*=UTF-8''" + quote(f"政府信息公开申请表（{office.name}）.docx") in disposition
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert office.name in text


def test_the_paper_form_downloads_as_pdf(client, office):
    response = client.get(f"/u/{office.code}/apply/form.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert office.name in text.replace(" ", "").replace("\n", "")


def test_units_that_take_no_requests_have_no_paper_form(client, db):
    enterprise = UnitFactory(code="620321301", name="永昌县供水公司", kind=UnitKind.ENTERPRISE)
    assert client.get(f"/u/{enterprise.code}/apply/form.docx").status_code == 404
