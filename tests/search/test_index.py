"""The index follows the documents: published ones are found, everything else never is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document as FileDocument

from gongkai.catalog.models import Disclosure, DocumentAttachment
from gongkai.publishing import services as publishing
from gongkai.publishing.roles import Role
from gongkai.search import services
from tests.factories import DocumentFactory, LeaderFactory, WorkingBodyFactory
from tests.publishing.test_workflow import TITLE, act, submitted  # noqa: F401  (fixture)


def keys(text: str, **params: str) -> list[str]:
    return [item.hit.key for item in services.search(text, params, per_page=50).hits]


def found(doc) -> bool:
    return f"document:{doc.pk}" in keys(doc.title)


def test_a_published_document_is_found_by_words_of_its_title_body_and_number(edu):
    doc = DocumentFactory(
        unit=edu,
        title="永昌县教育局关于做好2024年秋季学期义务教育招生入学工作的通知",
        doc_no="永教发〔2024〕12号",
        body="<p>各乡镇中心学校：请做好<strong>适龄</strong>儿童登记。</p>",
    )
    key = f"document:{doc.pk}"
    for text in [
        "义务教育",
        "招生",
        "秋季学期",
        "适龄儿童",
        "永教发[2024]12号",
        "永教发2024年12号",
    ]:
        assert keys(text) == [key], text
    assert services.search("招生 体育馆").missing == ("体育馆",)  # found without it, and said


def test_attachment_text_is_searchable_and_shown_as_such(edu):
    doc = DocumentFactory(unit=edu, title="关于公布2024年校车线路的通知")
    upload = FileDocument(title="线路表")
    upload.file.save(
        "routes.txt", ContentFile("东寨镇至县城线路：秸秆禁烧宣传点停靠。".encode()), save=False
    )
    upload.save()
    DocumentAttachment.objects.create(document=doc, file=upload, title="线路表")
    [item] = services.search("秸秆禁烧").hits
    assert item.hit.key == f"document:{doc.pk}" and item.in_attachment
    assert "秸秆禁烧" in [text for text, marked in item.snippet.pieces if marked]


@pytest.mark.parametrize(
    "change",
    [
        {"live": False},
        {"disclosure": Disclosure.ON_REQUEST},
        {"disclosure": Disclosure.WITHHELD},
    ],
    ids=["draft", "on-request", "withheld"],
)
def test_what_the_public_may_not_see_is_never_found(edu, change):
    doc = DocumentFactory(unit=edu, title="关于核定2024年教师绩效工资的批复", **change)
    assert not found(doc)
    assert services.search("教师绩效工资").total == 0


def test_a_document_dated_tomorrow_is_not_found_before_that_day(edu):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    doc = DocumentFactory(
        unit=edu, title="关于寒假放假安排的通知", written_on=tomorrow, published_on=tomorrow
    )
    assert not found(doc)
    backend, raw = services.backend(), services._raw()
    from gongkai.search.entries import Filters
    from gongkai.search.segment import parse_query

    later = backend.search(raw, parse_query("寒假放假"), Filters(today=tomorrow.isoformat()))
    assert [h.key for h in later.hits] == [f"document:{doc.pk}"]


def test_withdrawal_takes_a_document_out_at_once(staff, edu):
    doc = DocumentFactory(unit=edu, title="关于2024年高考考点设置的公告")
    assert found(doc)
    publishing.withdraw(doc, staff[Role.HEAD], "考点信息有误，更正后重新发布")
    assert not found(doc)
    assert services.search("高考考点").total == 0


def test_deleting_a_document_takes_it_out(edu):
    doc = DocumentFactory(unit=edu, title="关于开展校园食品安全检查的通知")
    pk = doc.pk
    doc.delete()
    assert f"document:{pk}" not in keys("校园食品安全")


def test_an_edit_of_a_live_document_reaches_the_index_only_after_its_review(
    submitted,  # noqa: F811
    staff,
    login,
):
    from django.urls import reverse

    from tests.publishing.conftest import form_data
    from tests.publishing.test_workflow import NS

    act(login(staff[Role.EDITOR]), submitted, "approve")
    act(login(staff[Role.HEAD]), submitted, "approve")
    key = f"document:{submitted.pk}"
    assert keys(TITLE) == [key]
    login(staff[Role.OFFICER]).post(
        reverse(f"{NS}:edit", args=[submitted.pk]),
        form_data(submitted.unit, title="关于春季开学推迟至三月十日的补充通知"),
    )
    assert keys("推迟") == [], "an unreviewed draft must not be searchable"
    assert keys(TITLE) == [key]
    act(login(staff[Role.EDITOR]), submitted, "approve")
    act(login(staff[Role.HEAD]), submitted, "approve")
    assert keys("推迟") == [key]


def test_a_rolled_back_publication_leaves_nothing_in_the_index(edu):
    with pytest.raises(RuntimeError), transaction.atomic():
        DocumentFactory(unit=edu, title="关于调整城区学校作息时间的通知")
        raise RuntimeError("the request failed after the save")
    assert services.search("作息时间").total == 0


def test_leaders_working_bodies_units_and_the_request_guide_are_found(edu):
    leader = LeaderFactory(unit=edu, name="马振华", post="局长", duties="主持局机关全面工作。")
    body = WorkingBodyFactory(unit=edu, name="学前教育股", duties="负责幼儿园管理。")
    assert keys("马振华") == [f"leader:{leader.pk}"]
    assert keys("学前教育股") == [f"body:{body.pk}"]
    assert f"unit:{edu.pk}" in keys("永昌县教育局")
    assert keys("如何申请 永昌县教育局", kind="guide") == [f"guide:{edu.pk}"]
    leader.delete()
    assert keys("马振华") == []


def test_a_renamed_unit_is_found_under_its_new_name(edu):
    doc = DocumentFactory(unit=edu, title="关于做好学生资助工作的通知")
    edu.name = "永昌县教育和体育局"
    edu.save()
    assert f"document:{doc.pk}" in keys("教育和体育局 学生资助")


def test_reindex_rebuilds_everything_and_check_says_when_it_is_needed(edu, capsys):
    doc = DocumentFactory(unit=edu, title="关于公布2024年义务教育学校划片范围的通告")
    services.backend().clear(services._raw())
    assert not found(doc)
    with pytest.raises(SystemExit) as exit_info:
        call_command("reindex", "--check")
    assert exit_info.value.code == 1
    call_command("reindex")
    assert "索引已重建" in capsys.readouterr().out
    assert found(doc)
    call_command("reindex", "--check")
    assert "索引是最新的" in capsys.readouterr().out


def test_bulk_loads_defer_the_index_and_rebuild_it_once(edu):
    with services.deferred():
        docs = [DocumentFactory(unit=edu, title=f"关于第{n}批校舍维修项目的公示") for n in range(3)]
        assert services.search("校舍维修").total == 0
    assert sorted(keys("校舍维修")) == sorted(f"document:{d.pk}" for d in docs)
