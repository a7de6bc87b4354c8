"""Site self-inspection (值班读网): each database check, the de-duplication across days, and a
crawl over real HTTP of a running server with a dead link and a footer missing its ICP."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.conf import settings as django_settings

from gongkai.catalog.models import Column, Document
from gongkai.interaction.messages.models import Message
from gongkai.ops import inspection
from gongkai.ops.models import Finding, FindingKind, InspectionRun, RunStatus, Severity
from gongkai.requests import services as request_services
from tests.factories import DocumentFactory, UnitFactory
from tests.interaction.consultations.conftest import make_consultation
from tests.interaction.messages.conftest import submit
from tests.publishing.conftest import county, edu, police  # noqa: F401 - fixtures
from tests.requests.test_cases import APPLICANT

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)  # a Tuesday


def db_run(day: dt.date) -> InspectionRun:
    return inspection.run(crawl=False, today=day, send_mail=False)


def open_findings(kind: str) -> list[Finding]:
    return list(Finding.objects.open().filter(kind=kind))


# Columns --------------------------------------------------------------------------------------


def test_a_statutory_column_is_stale_six_months_after_its_last_item(edu):  # noqa: F811
    DocumentFactory(unit=edu, written_on=dt.date(2025, 8, 1), published_on=dt.date(2025, 8, 5))
    column = edu.columns.get(key="art20-01")
    stale = {o.key for o in inspection.check_columns(DAY) if o.kind == FindingKind.STALE_COLUMN}
    assert str(column.pk) in stale  # 2025-08-05 + 183 days < 2026-03-10
    assert str(column.pk) not in {
        o.key
        for o in inspection.check_columns(dt.date(2025, 12, 1))
        if o.kind == FindingKind.STALE_COLUMN
    }


def test_a_column_s_own_update_cycle_overrides_the_default(edu):  # noqa: F811
    DocumentFactory(unit=edu, written_on=dt.date(2026, 2, 20), published_on=dt.date(2026, 2, 24))
    column = edu.columns.get(key="art20-01")
    assert not [o for o in inspection.check_columns(DAY) if o.key == str(column.pk)]
    Column.objects.filter(pk=column.pk).update(update_cycle_days=7)
    found = [o for o in inspection.check_columns(DAY) if o.key == str(column.pk)]
    assert [o.kind for o in found] == [FindingKind.STALE_COLUMN]
    assert "14天未更新（更新周期7天）" in found[0].title
    assert found[0].fix_url == f"/admin/snippets/catalog/column/edit/{column.pk}/"


def test_a_news_column_without_a_cycle_goes_stale_after_two_weeks(edu):  # noqa: F811
    news = Column.objects.create(unit=edu, key="gzdt", name="工作动态")
    doc = DocumentFactory(
        unit=edu, written_on=dt.date(2026, 2, 20), published_on=dt.date(2026, 2, 24), columns=[]
    )
    doc.columns.set([news])
    doc.save()
    assert inspection.update_cycle(news) == 14
    assert not [o for o in inspection.check_columns(dt.date(2026, 3, 10)) if o.key == str(news.pk)]
    late = [o for o in inspection.check_columns(dt.date(2026, 3, 11)) if o.key == str(news.pk)]
    assert [o.kind for o in late] == [FindingKind.STALE_COLUMN]


def test_columns_without_published_items_are_empty_except_the_request_column(edu):  # noqa: F811
    DocumentFactory(unit=edu, written_on=dt.date(2026, 3, 1), published_on=dt.date(2026, 3, 2))
    empty = {
        o.key: o.title for o in inspection.check_columns(DAY) if o.kind == FindingKind.EMPTY_COLUMN
    }
    assert str(edu.columns.get(key="art20-07").pk) in empty
    assert "财政预算、决算信息" in empty[str(edu.columns.get(key="art20-07").pk)]
    # Has an item, directly or through a sub-column; the request column shows the guide.
    for key in ("art20-01", "proactive", "request"):
        assert str(edu.columns.get(key=key).pk) not in empty


def test_a_future_dated_item_does_not_make_a_column_non_empty(edu):  # noqa: F811
    DocumentFactory(unit=edu, written_on=dt.date(2026, 3, 1), published_on=dt.date(2026, 3, 20))
    keys = {o.key for o in inspection.check_columns(DAY) if o.kind == FindingKind.EMPTY_COLUMN}
    assert str(edu.columns.get(key="art20-01").pk) in keys


def test_the_home_page_is_stale_when_nothing_was_published_for_two_weeks(county):  # noqa: F811
    DocumentFactory(unit=county, written_on=dt.date(2026, 2, 20), published_on=dt.date(2026, 2, 24))
    assert not [o for o in inspection.check_columns(dt.date(2026, 3, 10)) if o.key == "home"]
    [home] = [o for o in inspection.check_columns(dt.date(2026, 3, 11)) if o.key == "home"]
    assert home.kind == FindingKind.STALE_HOME and home.unit_id == county.pk


# 留言 -----------------------------------------------------------------------------------------


def test_an_overdue_message_becomes_a_three_month_finding_without_a_second_entry(edu):  # noqa: F811
    message = submit(edu)
    assert message.due_on is not None
    assert not inspection.check_messages(message.due_on)
    db_run(message.due_on + dt.timedelta(days=1))
    [finding] = open_findings(FindingKind.MESSAGE_OVERDUE)
    assert finding.unit == edu and message.code in finding.title
    assert finding.fix_url == f"/admin/messages/{message.pk}/"
    assert "王建华" not in finding.title + finding.detail  # no personal data in the log

    db_run(message.received_on + dt.timedelta(days=91))
    [finding_later] = Finding.objects.open().filter(kind__startswith="message")
    assert finding_later.pk == finding.pk
    assert finding_later.kind == FindingKind.MESSAGE_LONG
    assert "超过3个月未答复" in finding_later.title


def test_an_answered_message_closes_its_finding(edu):  # noqa: F811
    message = submit(edu)
    late = message.due_on + dt.timedelta(days=3)
    db_run(late)
    Message.objects.filter(pk=message.pk).update(state="answered", closed_on=late)
    db_run(late + dt.timedelta(days=1))
    [finding] = Finding.objects.filter(kind=FindingKind.MESSAGE_OVERDUE)
    assert finding.closed_on == late + dt.timedelta(days=1)


# 依申请公开 -----------------------------------------------------------------------------------


def _status_day(case, wanted):
    """The first day from receipt on which `wanted(status, day)` holds."""
    day = case.received_on
    for _ in range(120):
        day += dt.timedelta(days=1)
        if wanted(request_services.status(case, today=day), day):
            return day
    raise AssertionError("no such day")


def test_requests_due_within_three_working_days_are_found_counting_working_days(edu):  # noqa: F811
    # Received on a Monday: due on a Monday (2024-04-01), a weekend before it.
    case = request_services.file_request(unit=edu, received_on=dt.date(2024, 3, 4), **APPLICANT)
    due = request_services.deadline(case).due
    # A day more than 3 calendar days before the due date but within 3 working days (a
    # weekend in between): plain days would miss it.
    day = _status_day(case, lambda s, d: s.days_left == 3 and (due - d).days > 3)
    [found] = inspection.check_requests(day)
    assert found.kind == FindingKind.REQUEST_DUE and found.unit_id == edu.pk
    assert "还剩3个工作日" in found.title and case.code in found.title
    assert found.fix_url == f"/admin/requests/{case.pk}/"
    assert Severity.NOTICE == found.severity
    four = _status_day(case, lambda s, d: s.days_left == 4)
    assert not inspection.check_requests(four)


def test_an_overdue_request_is_a_problem_and_an_answered_one_is_not(edu):  # noqa: F811
    case = request_services.file_request(unit=edu, received_on=dt.date(2024, 3, 1), **APPLICANT)
    day = _status_day(case, lambda s, d: s.days_left == -2)
    [found] = inspection.check_requests(day)
    assert found.kind == FindingKind.REQUEST_OVERDUE and "已逾期2个工作日" in found.title
    assert found.severity == Severity.PROBLEM
    request_services.record_event(case, "answered", on=day, outcome="disclosed")
    assert not inspection.check_requests(day)


# 主动公开时效 --------------------------------------------------------------------------------


def test_proactive_information_unpublished_after_twenty_working_days_is_late(edu):  # noqa: F811
    draft = DocumentFactory.build(unit=edu, title="教育局草稿：课后服务收费标准", live=False)
    draft.published_on = None
    draft.written_on = dt.date(2026, 1, 5)
    draft.save()
    on_time = DocumentFactory(
        unit=edu, written_on=dt.date(2026, 1, 5), published_on=dt.date(2026, 1, 20)
    )
    found = inspection.check_timeliness(DAY)
    assert [o.key for o in found] == [str(draft.pk)]
    assert "逾期未公开" in found[0].title and "课后服务收费标准" in found[0].title
    assert found[0].fix_url == f"/admin/snippets/catalog/document/edit/{draft.pk}/"
    assert str(on_time.pk) not in {o.key for o in found}


def test_a_document_published_late_is_reported_for_thirty_days(edu):  # noqa: F811
    late = DocumentFactory(
        unit=edu, written_on=dt.date(2026, 1, 5), published_on=dt.date(2026, 3, 2)
    )
    assert [o.key for o in inspection.check_timeliness(DAY)] == [str(late.pk)]
    assert not inspection.check_timeliness(dt.date(2026, 4, 10))


# 意见征集 ------------------------------------------------------------------------------------


def test_a_consultation_closing_within_three_days_is_a_notice(edu):  # noqa: F811
    closing = make_consultation(edu, starts_on=dt.date(2026, 2, 10), ends_on=dt.date(2026, 3, 12))
    make_consultation(edu, title="另一个意见征集", ends_on=dt.date(2026, 3, 30))
    found = inspection.check_consultations(DAY)
    assert [o.key for o in found] == [str(closing.pk)]
    assert "还有3天截止" in found[0].title and found[0].severity == Severity.NOTICE


# De-duplication across days ------------------------------------------------------------------


def test_a_finding_seen_on_two_days_is_one_open_finding_then_closed_when_gone(edu):  # noqa: F811
    column = edu.columns.get(key="art20-07")
    key = str(column.pk)

    def empty_finding():
        return Finding.objects.filter(kind=FindingKind.EMPTY_COLUMN, url=column.get_absolute_url())

    first = db_run(dt.date(2026, 3, 9))
    db_run(dt.date(2026, 3, 10))
    [finding] = empty_finding()
    assert (finding.first_seen, finding.last_seen, finding.closed_on) == (
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 10),
        None,
    )
    assert finding.first_run == first and key in finding.fix_url

    DocumentFactory(
        unit=edu,
        written_on=dt.date(2026, 3, 10),
        published_on=dt.date(2026, 3, 10),
        columns=["art20-07"],
    )
    third = db_run(dt.date(2026, 3, 11))
    [finding] = empty_finding()
    assert finding.closed_on == dt.date(2026, 3, 11) and third.closed_count >= 1
    assert Finding.objects.open_on(dt.date(2026, 3, 10)).filter(pk=finding.pk).exists()
    assert not Finding.objects.open_on(dt.date(2026, 3, 11)).filter(pk=finding.pk).exists()

    # Emptied again later: a new finding, the closed one stays closed.
    Document.objects.filter(columns=column).update(live=False)
    from gongkai.catalog.services import rebuild_listing

    rebuild_listing()
    db_run(dt.date(2026, 3, 12))
    assert empty_finding().count() == 2
    assert empty_finding().filter(closed_on__isnull=True).get().first_seen == dt.date(2026, 3, 12)


def test_a_database_only_run_leaves_crawl_findings_open(edu):  # noqa: F811
    run = InspectionRun.objects.create(day=DAY, trigger="schedule")
    dead = inspection.Observation(FindingKind.DEAD_LINK, "x", "链接 /gone/ 无法打开", edu.pk)
    inspection.record(run, [dead], frozenset(inspection.CRAWL_KINDS))
    db_run(DAY + dt.timedelta(days=1))
    assert open_findings(FindingKind.DEAD_LINK)


# The crawl -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_the_crawl_finds_a_dead_link_an_external_one_and_a_missing_icp(live_server, settings):
    unit = UnitFactory(code="620321066", name="永昌县读网局", short_name="永读")
    broken = DocumentFactory(
        unit=unit,
        title="永昌县读网局关于网站自查的通知",
        written_on=dt.date(2024, 3, 1),
        published_on=dt.date(2024, 3, 5),
        body=(
            '<p>详见<a href="/d/620321066/2024-999/">已删除的文件</a>和'
            f'<a href="http://localhost:{_free_port()}/gone">外部网站</a>，'
            '或<a href="mailto:ban@example.gov.cn">来信</a>'
            '<a href="tel:09357521234">来电</a><a href="#top">回到顶部</a>。</p>'
        ),
    )
    settings.GONGKAI_SITE = {**django_settings.GONGKAI_SITE, "icp": ""}
    # The API's docs page loads Swagger UI from a CDN: no network beyond 127.0.0.1 in tests.
    settings.GONGKAI_INSPECT_SKIP_PATHS = ["/api/"]

    run = inspection.run(base_url=live_server.url, today=DAY, send_mail=False)

    assert run.status == RunStatus.DONE and run.crawled and run.pages > 5
    [dead] = open_findings(FindingKind.DEAD_LINK)
    assert dead.unit == unit and "/d/620321066/2024-999/" in dead.title and "404" in dead.title
    assert broken.get_absolute_url() in dead.detail
    assert dead.fix_url == f"/admin/snippets/catalog/document/edit/{broken.pk}/"
    [external] = open_findings(FindingKind.EXTERNAL_LINK)
    assert external.severity == Severity.NOTICE and "localhost" in external.title
    [footer] = open_findings(FindingKind.FOOTER)
    assert "ICP备案号" in footer.title and footer.unit is None
    assert not Finding.objects.filter(title__contains="mailto").exists()

    # Fixed overnight: the next day's run closes all three.
    settings.GONGKAI_SITE = django_settings.GONGKAI_SITE | {"icp": "陇ICP备05000000号"}
    Document.objects.filter(pk=broken.pk).update(body="<p>已更正。</p>")
    inspection.run(base_url=live_server.url, today=DAY + dt.timedelta(days=1), send_mail=False)
    for kind in (FindingKind.DEAD_LINK, FindingKind.EXTERNAL_LINK, FindingKind.FOOTER):
        assert not open_findings(kind)
        assert Finding.objects.get(kind=kind).closed_on == DAY + dt.timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_site_is_one_finding_and_leaves_other_crawl_findings_open(settings):
    unit = UnitFactory(code="620321067", name="永昌县停机局", short_name="永停")
    run = InspectionRun.objects.create(day=DAY, trigger="schedule")
    dead = inspection.Observation(FindingKind.DEAD_LINK, "y", "链接 /gone/ 无法打开", unit.pk)
    inspection.record(run, [dead], frozenset(inspection.CRAWL_KINDS))

    down = inspection.run(base_url=f"http://127.0.0.1:{_free_port()}", today=DAY, send_mail=False)
    assert down.status == RunStatus.SITE_DOWN
    assert open_findings(FindingKind.SITE_DOWN) and open_findings(FindingKind.DEAD_LINK)
