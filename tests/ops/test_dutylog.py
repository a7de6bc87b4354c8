# ruff: noqa: F811 - pytest fixtures imported from tests.publishing.conftest
"""The duty log (值班日志) from the user's side: the back-office page per role, signing it off,
the run button, the Excel export read back, the trend, the units' e-mail and `gongkai inspect`."""

from __future__ import annotations

import datetime as dt
import io
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.ops import dutylog, inspection
from gongkai.ops.models import (
    DutyLogReview,
    Finding,
    FindingKind,
    InspectionRun,
    RunStatus,
    Severity,
    Trigger,
)
from gongkai.orgs.models import Unit
from gongkai.publishing.roles import Role
from tests.publishing.conftest import (  # noqa: F401 - fixtures
    county,
    edu,
    login,
    make_staff,
    police,
    staff,
)
from tests.publishing.test_roles import denied

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def finding(unit, title, *, kind=FindingKind.DEAD_LINK, first_seen=DAY, closed_on=None, **more):
    return Finding.objects.create(
        fingerprint=f"{kind}:{title}",
        kind=kind,
        severity=more.pop("severity", Severity.PROBLEM),
        unit=unit,
        title=title,
        first_seen=first_seen,
        last_seen=closed_on or DAY,
        closed_on=closed_on,
        fix_url=more.pop("fix_url", "/admin/snippets/catalog/document/edit/1/"),
        **more,
    )


@pytest.fixture
def findings(edu, police):
    return {
        "edu": finding(edu, "链接 /d/620321003/2024-9/ 无法打开（HTTP 404）"),
        "police": finding(police, "链接 /d/620321004/2024-7/ 无法打开（HTTP 404）"),
        "site": finding(None, "300个网页的页脚缺少ICP备案号", kind=FindingKind.FOOTER),
    }


def page(client, day=DAY, **params):
    return client.get(reverse("dutylog:day", args=[f"{day:%Y-%m-%d}"]), params)


# Who sees what -------------------------------------------------------------------------------


def test_unit_staff_see_only_their_unit_s_findings(login, staff, findings):
    response = page(login(staff[Role.OFFICER]))
    text = response.content.decode()
    assert response.status_code == 200
    assert findings["edu"].title in text and "永昌县教育局" in text
    assert findings["police"].title not in text
    assert findings["site"].title not in text  # site-wide items are the disclosure office's
    assert 'href="/admin/snippets/catalog/document/edit/1/"' in text


def test_another_unit_s_log_is_not_found_for_unit_staff(login, staff, findings, police):
    client = login(staff[Role.OFFICER])
    assert page(client, unit=police.pk).status_code == 404
    export = client.get(reverse("dutylog:export", args=[f"{DAY:%Y-%m-%d}"]), {"unit": police.pk})
    assert export.status_code == 404


def test_the_disclosure_office_sees_every_unit_and_the_site_wide_findings(login, staff, findings):
    client = login(staff[Role.OFFICE])
    text = page(client).content.decode()
    for item in findings.values():
        assert item.title in text
    assert "全站（公开办）" in text
    # The run button is on today's page, whatever day today is; not on a past day's.
    assert "立即自查" not in text
    assert "立即自查" in page(client, day=timezone.localdate()).content.decode()
    assert (
        "立即自查"
        not in page(login(staff[Role.OFFICER]), day=timezone.localdate()).content.decode()
    )


def test_the_public_is_sent_to_the_login_page(client, findings):
    response = page(client)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_staff_account_without_a_role_is_refused(make_staff, edu, findings, client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("norole", "n@example.gov.cn", "x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert denied(page(client))


def test_a_day_that_is_not_a_date_is_not_found(login, staff):
    response = login(staff[Role.OFFICE]).get("/admin/dutylog/2026-02-30/")
    assert response.status_code == 404


# Who looked ---------------------------------------------------------------------------------


def test_signing_off_records_who_looked_once(login, staff, findings):
    client = login(staff[Role.OFFICER])
    url = reverse("dutylog:review", args=[f"{DAY:%Y-%m-%d}"])
    assert client.get(url).status_code == 405
    client.post(url, {"note": "已转办公室处理"})
    client.post(url, {"note": "again"})
    [review] = DutyLogReview.objects.filter(day=DAY)
    assert review.user == staff[Role.OFFICER] and review.note == "已转办公室处理"
    text = page(login(staff[Role.OFFICE])).content.decode()
    assert "签阅：officer" in text and "已转办公室处理" in text


def test_the_runs_of_the_day_show_who_started_them(login, staff, findings):
    InspectionRun.objects.create(
        day=DAY, trigger=Trigger.MANUAL, started_by=staff[Role.OFFICE], status=RunStatus.DONE
    )
    InspectionRun.objects.create(day=DAY, trigger=Trigger.SCHEDULE, status=RunStatus.DONE)
    text = page(login(staff[Role.OFFICER])).content.decode()
    assert "后台手动（office）" in text and "定时任务" in text


# Running now ------------------------------------------------------------------------------


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_only_the_disclosure_office_may_run_an_inspection(login, staff, settings):
    settings.GONGKAI_BASE_URL = _closed_port_url()
    officer = login(staff[Role.OFFICER])
    assert denied(officer.post(reverse("dutylog:run")))
    assert not InspectionRun.objects.exists()
    office = login(staff[Role.OFFICE])
    assert office.get(reverse("dutylog:run")).status_code == 405
    response = office.post(reverse("dutylog:run"))
    assert response.status_code == 302
    [run] = InspectionRun.objects.all()
    assert run.trigger == Trigger.MANUAL and run.started_by == staff[Role.OFFICE]
    # Nothing answers at the base URL: recorded as such, with a finding for the office.
    assert run.status == RunStatus.SITE_DOWN
    assert Finding.objects.open().filter(kind=FindingKind.SITE_DOWN, unit=None).exists()


def test_the_run_button_is_csrf_protected(staff, findings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff[Role.OFFICE])
    assert client.post(reverse("dutylog:run")).status_code == 403
    assert not InspectionRun.objects.exists()


# Trend and Excel -------------------------------------------------------------------------


def test_the_trend_counts_what_stood_open_each_day(edu):
    finding(edu, "甲", first_seen=DAY - dt.timedelta(days=3), closed_on=DAY - dt.timedelta(days=1))
    finding(edu, "乙", first_seen=DAY - dt.timedelta(days=2))
    finding(edu, "丙", first_seen=DAY, severity=Severity.NOTICE)
    series = dict((d, (p, n)) for d, p, n in dutylog.trend(Finding.objects.all(), DAY, days=5))
    assert series == {
        DAY - dt.timedelta(days=4): (0, 0),
        DAY - dt.timedelta(days=3): (1, 0),
        DAY - dt.timedelta(days=2): (2, 0),
        DAY - dt.timedelta(days=1): (1, 0),
        DAY: (1, 1),
    }


def test_the_excel_export_lists_the_day_s_findings_and_fixes(login, staff, edu, findings, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://gk.example.gov.cn"
    finding(edu, '=HYPERLINK("http://evil")', kind=FindingKind.EMPTY_COLUMN)
    finding(edu, "已修好的链接", first_seen=DAY - dt.timedelta(days=2), closed_on=DAY)
    client = login(staff[Role.OFFICER])
    DutyLogReview.objects.create(day=DAY, user=staff[Role.OFFICER], note="-已阅")
    response = client.get(reverse("dutylog:export", args=[f"{DAY:%Y-%m-%d}"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["值班日志"].iter_rows(values_only=True))
    assert rows[0][0] == "值班日志 2026-03-10"
    assert rows[1][:4] == ("责任机构", "性质", "类别", "问题")
    by_title = {row[3]: row for row in rows[2:]}
    row = by_title[findings["edu"].title]
    assert row[0] == "永昌县教育局" and row[1] == "问题" and row[9] == "未整改"
    assert row[6] == "https://gk.example.gov.cn/admin/snippets/catalog/document/edit/1/"
    assert row[7].date() == DAY
    assert by_title["已修好的链接"][9] == "当日已整改"
    assert '\'=HYPERLINK("http://evil")' in by_title  # never a live formula
    assert findings["police"].title not in by_title
    assert book["签阅"]["C2"].value == "'-已阅"
    assert [c.value for c in book["趋势"][1]] == ["日期", "未整改问题", "提示"]


# E-mail -----------------------------------------------------------------------------------


def test_each_unit_is_mailed_its_new_findings_once(edu, police, county, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://gk.example.gov.cn"
    Unit.objects.filter(pk=edu.pk).update(email="jyj@example.gov.cn")
    Unit.objects.filter(pk=county.pk).update(email="xzb@example.gov.cn")
    mail.outbox.clear()
    edu_item = finding(edu, "链接 /d/620321003/2024-9/ 无法打开（HTTP 404）")
    finding(police, "公安局的问题")  # the unit has no contact address
    finding(None, "3个网页的页脚缺少公安备案号", kind=FindingKind.FOOTER)

    assert dutylog.mail_units(DAY) == 2
    by_to = {tuple(m.to): m for m in mail.outbox}
    edu_mail = by_to[("jyj@example.gov.cn",)]
    assert "【值班读网】永昌县教育局 2026-03-10 新发现1个问题" == edu_mail.subject
    assert edu_item.title in edu_mail.body
    assert "https://gk.example.gov.cn/admin/snippets/catalog/document/edit/1/" in edu_mail.body
    assert "https://gk.example.gov.cn/admin/dutylog/2026-03-10/" in edu_mail.body
    assert "公安局的问题" not in edu_mail.body
    assert "页脚缺少公安备案号" in by_to[("xzb@example.gov.cn",)].body

    mail.outbox.clear()
    assert dutylog.mail_units(DAY + dt.timedelta(days=1)) == 0 and not mail.outbox


def test_a_run_mails_the_unit_about_what_it_found(edu):
    Unit.objects.filter(pk=edu.pk).update(email="jyj@example.gov.cn")
    mail.outbox.clear()
    inspection.run(crawl=False, today=DAY)
    [edu_mail] = [m for m in mail.outbox if m.to == ["jyj@example.gov.cn"]]
    assert "空白栏目" in edu_mail.body and "财政预算、决算信息" in edu_mail.body


# The command -------------------------------------------------------------------------------


def test_gongkai_inspect_reports_in_chinese_and_english_and_exits_1_on_problems(edu, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("inspect", "--no-crawl", "--no-mail", "--date", "2026-03-10")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "2026-03-10 新发现" in out and "open problems" in out
    run = InspectionRun.objects.get()
    assert run.day == DAY and run.trigger == Trigger.SCHEDULE and not run.crawled


def test_gongkai_inspect_exits_0_when_nothing_is_wrong(capsys):
    call_command("inspect", "--no-crawl", "--no-mail", "--date", "2026-03-10")
    assert "open problems 0" in capsys.readouterr().out


def test_gongkai_inspect_exits_2_on_a_bad_date_or_an_unreachable_site(capsys):
    with pytest.raises(SystemExit) as bad:
        call_command("inspect", "--date", "2026-02-30")
    assert bad.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit) as down:
        call_command("inspect", "--no-mail", "--base-url", _closed_port_url())
    assert down.value.code == 2
    assert "网站首页无法访问" in capsys.readouterr().err
