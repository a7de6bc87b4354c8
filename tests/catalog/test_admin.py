"""Staff manage units, columns and documents in the Wagtail back office (zh-hans)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog.models import Document


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser(
        "admin", "admin@example.gov.cn", "pw-Yongchang-2026"
    )
    client.force_login(user)
    return client


def _document_form(unit, **overrides) -> dict:
    data = {
        "title": "永昌县测试局关于加强政务公开工作的通知",
        "unit": unit.pk,
        "doc_no": "永测发[2025]9号",
        "written_on": "2025-02-10",
        "published_on": "2025-02-12",
        "columns": [unit.columns.get(key="art20-01").pk],
        "topic": "综合政务",
        "form": "normative",
        "keywords": "政务公开",
        "disclosure": "proactive",
        "validity": "valid",
        "body": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"各股室：现将有关事项通知如下。","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return data


def test_the_back_office_speaks_chinese(staff_client):
    page = staff_client.get("/admin/").content.decode()
    assert 'lang="zh-hans"' in page and "控制面板" in page
    assert "\\u653f\\u5e9c\\u4fe1\\u606f" in page or "政府信息" in page  # menu label, JSON-escaped


def test_staff_open_the_lists_of_units_columns_and_documents(staff_client, document):
    for url in [
        "/admin/snippets/orgs/unit/",
        "/admin/snippets/catalog/column/",
        "/admin/snippets/catalog/document/",
        f"/admin/snippets/catalog/document/edit/{document.pk}/",
        f"/admin/snippets/orgs/unit/edit/{document.unit.pk}/",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_staff_publish_a_document_and_its_number_is_normalised(staff_client, unit):
    response = staff_client.post("/admin/snippets/catalog/document/add/", _document_form(unit))
    assert response.status_code == 302, response.content.decode()[:3000]
    doc = Document.objects.get(title="永昌县测试局关于加强政务公开工作的通知")
    assert doc.doc_no == "永测发〔2025〕9号" and doc.live
    assert doc.index_no == "620321099/2025-00001"
    assert "现将有关事项通知如下" in doc.body


def test_a_document_published_without_a_date_gets_the_day_it_went_online(staff_client, unit):
    from django.utils import timezone

    response = staff_client.post(
        "/admin/snippets/catalog/document/add/", _document_form(unit, published_on="")
    )
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.live and doc.published_on == timezone.localdate(doc.first_published_at)


def test_a_bad_doc_no_is_shown_back_in_chinese_and_nothing_is_saved(staff_client, unit):
    response = staff_client.post(
        "/admin/snippets/catalog/document/add/", _document_form(unit, doc_no="永测发2025年9号")
    )
    assert response.status_code == 200
    assert "发文字号" in response.content.decode()
    assert not Document.objects.exists()


def test_published_before_written_is_refused_in_the_form(staff_client, unit):
    response = staff_client.post(
        "/admin/snippets/catalog/document/add/", _document_form(unit, published_on="2025-01-01")
    )
    assert response.status_code == 200
    assert "发布日期不能早于成文日期" in response.content.decode()
    assert not Document.objects.exists()


def test_attachments_of_a_forbidden_type_are_refused(staff_client):
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = staff_client.post(
        "/admin/documents/add/", {"title": "工具", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert not UploadedFile.objects.exists()


def test_attachments_over_the_size_limit_are_refused(staff_client, settings):
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 1024
    upload = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf"
    )
    response = staff_client.post(
        "/admin/documents/add/", {"title": "大文件", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "附件过大" in response.content.decode()
    assert not UploadedFile.objects.exists()


def test_the_public_cannot_open_the_back_office(client, db):
    response = client.get("/admin/snippets/catalog/document/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_document_form_offers_only_the_units_own_columns(staff_client, document):
    from tests.factories import UnitFactory

    other = UnitFactory(code="620321094", name="永昌县别的局")
    page = staff_client.get(
        f"/admin/snippets/catalog/document/edit/{document.pk}/"
    ).content.decode()
    assert "永昌县测试局：法定主动公开内容 › 行政法规、规章和规范性文件" in page
    assert f"{other.name}：" not in page  # none of the other unit's columns


def test_an_english_browser_still_gets_the_chinese_back_office(staff_client):
    page = staff_client.get(
        "/admin/snippets/catalog/document/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert "保存草稿" in page.content.decode() or "搜索" in page.content.decode()
    assert 'lang="zh-hans"' in page.content.decode()
