"""Public pages over HTTP: home, unit column, lists, documents, attachments, leaders, search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog.models import Disclosure, DocumentAttachment, Validity
from gongkai.orgs.models import UnitKind
from tests.factories import DocumentFactory, LeaderFactory, UnitFactory, WorkingBodyFactory


def test_home_groups_units_like_the_seed_page_and_shows_latest_and_a_search_box(client, document):
    UnitFactory(code="620321000", name="永昌县人民政府", kind=UnitKind.COUNTY)
    UnitFactory(code="620321301", name="永昌县供水公司", kind=UnitKind.ENTERPRISE)
    page = client.get("/").content.decode()
    for heading in ["县市信息公开平台", "部门信息公开平台", "公共企事业信息公开"]:
        assert heading in page
    assert (
        page.index("县市信息公开平台")
        < page.index("永昌县人民政府")
        < page.index("部门信息公开平台")
    )
    assert (
        page.index("部门信息公开平台")
        < page.index("永昌县测试局")
        < page.index("公共企事业信息公开")
    )
    assert document.title in page
    assert 'role="search"' in page and 'name="q"' in page


def test_unit_page_has_the_five_columns_bodies_and_leaders(client, unit):
    LeaderFactory(
        unit=unit, name="李国华", post="局长", resume="1970年生。", duties="主持全面工作。"
    )
    WorkingBodyFactory(unit=unit, name="法规股")
    page = client.get(f"/u/{unit.code}/").content.decode()
    for name in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]:
        assert name in page
    assert "工作机构" in page and "法规股" in page
    assert "领导简介" in page and "李国华" in page and "主持全面工作。" in page
    assert "<dialog" in page and "关闭" in page


def test_leader_profile_has_its_own_page_for_browsers_without_script(client, unit):
    leader = LeaderFactory(unit=unit, name="李国华", resume="1970年生，大学学历。")
    response = client.get(f"/u/{unit.code}/leaders/{leader.pk}/")
    assert response.status_code == 200
    assert "1970年生，大学学历。" in response.content.decode()


def test_column_lists_documents_in_the_seed_table_grouped_by_year_newest_first(client, unit):
    DocumentFactory(
        unit=unit,
        title="二〇二二年的通知",
        written_on=dt.date(2022, 3, 1),
        published_on=dt.date(2022, 3, 2),
        doc_no="永测发〔2022〕1号",
    )
    DocumentFactory(
        unit=unit,
        title="二〇二四年的通知",
        written_on=dt.date(2024, 3, 1),
        published_on=dt.date(2024, 3, 2),
    )
    page = client.get(f"/u/{unit.code}/c/art20-01/").content.decode()
    for header in ["序号", "标题", "发文字号", "成文日期", "发布日期"]:
        assert f">{header}</th>" in page
    assert (
        page.index("<caption>2024年")
        < page.index("二〇二四年的通知")
        < page.index("<caption>2022年")
        < page.index("二〇二二年的通知")
    )
    assert "永测发〔2022〕1号" in page and "2022-03-01" in page


def test_the_parent_column_lists_the_documents_of_its_sub_columns(client, document):
    page = client.get(f"/u/{document.unit.code}/c/proactive/").content.decode()
    assert document.title in page


def test_column_filters_by_year_and_by_text(client, unit):
    DocumentFactory(
        unit=unit,
        title="关于城乡低保的通知",
        written_on=dt.date(2022, 3, 1),
        published_on=dt.date(2022, 3, 2),
    )
    DocumentFactory(
        unit=unit,
        title="关于春耕生产的通知",
        written_on=dt.date(2024, 3, 1),
        published_on=dt.date(2024, 3, 2),
        doc_no="永测发〔2024〕7号",
    )
    by_year = client.get(f"/u/{unit.code}/c/art20-01/?year=2022").content.decode()
    assert "城乡低保" in by_year and "春耕生产" not in by_year
    by_text = client.get(f"/u/{unit.code}/c/art20-01/", {"q": "春耕"}).content.decode()
    assert "春耕生产" in by_text and "城乡低保" not in by_text
    by_number = client.get(f"/u/{unit.code}/c/art20-01/", {"q": "永测发[2024]7号"}).content.decode()
    assert "春耕生产" in by_number and "城乡低保" not in by_number


def test_column_is_paginated_with_numbers_continuing_across_pages(client, unit):
    for i in range(25):
        DocumentFactory(unit=unit, title=f"第{i:02d}号公告", published_on=dt.date(2024, 3, 5))
    first = client.get(f"/u/{unit.code}/c/art20-01/").content.decode()
    second = client.get(f"/u/{unit.code}/c/art20-01/?page=2").content.decode()
    assert first.count('<td class="n">') == 20 and second.count('<td class="n">') == 5
    assert '<td class="n">21</td>' in second and "第 2 / 2 页" in second


def test_bad_filter_values_do_not_break_the_list(client, document):
    for query in ["?year=abc", "?page=999", "?page=-1", "?year=99999", "?q=" + "长" * 500]:
        assert client.get(f"/u/{document.unit.code}/c/art20-01/{query}").status_code == 200


def test_every_column_is_also_an_rss_feed_and_json(client, document):
    rss = client.get(f"/u/{document.unit.code}/c/art20-01/feed.xml")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert document.title in rss.content.decode()
    data = client.get(f"/u/{document.unit.code}/c/art20-01/index.json").json()
    assert data["count"] == 1 and data["items"][0]["index_no"] == document.index_no


def test_document_page_shows_the_metadata_block_above_the_body(client, document):
    page = client.get(document.get_absolute_url()).content.decode()
    labels = ["索引号", "发布机构", "发文字号", "成文日期", "发布日期", "主题分类", "有效性"]
    for label in labels:
        assert f">{label}</th>" in page
    assert document.index_no in page and "永测发〔2024〕3号" in page and "2024年3月1日" in page
    assert page.index("有效性") < page.index("现将有关事项通知如下")


def test_document_page_links_its_interpretation_and_its_replacement(client, unit):
    policy = DocumentFactory(unit=unit, title="永昌县测试局管理办法")
    reading = DocumentFactory(unit=unit, title="《永昌县测试局管理办法》政策解读")
    reading.interprets.set([policy])
    reading.save()
    newer = DocumentFactory(unit=unit, title="永昌县测试局管理办法（修订）")
    policy.validity, policy.replaced_by, policy.repealed_on = (
        Validity.REPEALED,
        newer,
        newer.published_on,
    )
    policy.save()
    page = client.get(policy.get_absolute_url()).content.decode()
    assert reading.get_absolute_url() in page and "政策解读" in page
    assert newer.get_absolute_url() in page and "废止" in page
    assert policy.get_absolute_url() in client.get(reading.get_absolute_url()).content.decode()


@pytest.fixture
def attachment(document):
    uploaded = UploadedFile(title="实施细则")
    uploaded.file.save("shishi-xize.pdf", ContentFile(b"%PDF-1.4\n%demo\n"), save=False)
    uploaded.save()
    return DocumentAttachment.objects.create(document=document, file=uploaded, title="实施细则")


def test_attachments_are_listed_with_type_and_size_and_can_be_downloaded(
    client, document, attachment
):
    page = client.get(document.get_absolute_url()).content.decode()
    assert "实施细则" in page and "PDF" in page and "字节" in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "change",
    [
        {"live": False},
        {"disclosure": Disclosure.ON_REQUEST},
        {"disclosure": Disclosure.WITHHELD},
        {"published_on": dt.date(2100, 1, 1)},
    ],
    ids=["draft", "on-request", "withheld", "scheduled"],
)
def test_unpublished_documents_and_their_attachments_are_404_to_the_public(
    client, document, attachment, change
):
    document_url, attachment_url = document.get_absolute_url(), attachment.get_absolute_url()
    for field, value in change.items():
        setattr(document, field, value)
    document.save()
    assert client.get(document_url).status_code == 404
    assert client.get(attachment_url).status_code == 404
    assert client.get(f"/documents/{attachment.file.pk}/shishi-xize.pdf").status_code in (403, 404)
    assert client.get(f"/media/documents/{attachment.filename}").status_code == 404
    assert client.get(f"/api/v1/documents/{document.index_no}").status_code == 404
    assert document.title not in client.get("/").content.decode()
    assert document.title not in client.get(f"/u/{document.unit.code}/c/art20-01/").content.decode()
    assert document.title not in client.get("/sitemap.xml").content.decode()


def test_a_document_with_a_future_publication_date_is_not_public_yet(client, document):
    document.published_on = dt.date.today() + dt.timedelta(days=3)
    document.save()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_guessed_document_and_attachment_urls_are_404(client, document):
    code = document.unit.code
    for url in [
        f"/d/{code}/2024-00999/",
        f"/d/{code}/2024-00001/a/999/x.pdf",
        "/d/nope/2024-00001/",
        "/u/nope/",
        f"/u/{code}/c/nope/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_published_documents_url_stays_the_same_when_it_is_edited(client, document):
    url = document.get_absolute_url()
    document.title, document.doc_no = "修改后的标题", "永测发〔2024〕4号"
    document.save()
    assert document.get_absolute_url() == url
    assert client.get(url).status_code == 200


def test_search_finds_by_title_words_and_by_doc_no_in_any_bracket_style(client, document):
    link = f'href="{document.get_absolute_url()}"'
    assert link in client.get("/search/", {"q": "政务公开"}).content.decode()
    assert link in client.get("/search/", {"q": "永测发(2024)3号"}).content.decode()
    assert "没有找到" in client.get("/search/", {"q": "不存在的词语"}).content.decode()


def test_sitemap_and_latest_feed_list_published_documents(client, document):
    assert document.get_absolute_url() in client.get("/sitemap.xml").content.decode()
    assert document.title in client.get("/feed.xml").content.decode()


def test_every_page_has_the_site_identity_in_its_footer(client, document):
    page = client.get(document.get_absolute_url()).content.decode()
    for text in ["网站标识码", "ICP备", "公网安备", "主办单位"]:
        assert text in page


def test_a_leaders_photo_is_shown_in_the_profile_with_the_name_as_alt_text(client, unit):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from gongkai.ops.demo_files import portrait_png

    photo = get_image_model()(
        title="李国华", file=ImageFile(BytesIO(portrait_png(1)), name="li.png")
    )
    photo.save()
    leader = LeaderFactory(unit=unit, name="李国华", photo=photo)
    page = client.get(f"/u/{unit.code}/").content.decode()
    import re

    img = re.search(r'<img[^>]*alt="李国华"[^>]*>', page)
    assert img is not None
    src = re.search(r'src="([^"]+)"', img.group(0)).group(1)
    assert src.startswith("/media/images/")
    assert client.get(src).status_code == 200
    assert (
        client.get(f"/media/original_images/{photo.file.name.rsplit('/', 1)[1]}").status_code == 404
    )
    assert leader.get_absolute_url() in page
