"""official_calendar(): built-in notices, years entered by staff, provisional years, no stale cache."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.publishing.models import AuditEntry
from gongkai.workcalendar import services
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.parse import format_holidays, format_makeup_days
from gongkai.workdays import PROVISIONAL_CALENDAR
from gongkai.workdays.notices import ARRANGEMENTS

pytestmark = pytest.mark.django_db
D = date

# An invented 2027 notice (the real one is not out yet): what matters is that it is used.
HOLIDAYS_2027 = """元旦 2027-01-01 至 2027-01-03
春节 2027-02-05 至 2027-02-13
清明节 2027-04-03 至 2027-04-05
劳动节 2027-05-01 至 2027-05-05
端午节 2027-06-09
中秋节 2027-09-15
国庆节 2027-10-01 至 2027-10-07"""
MAKEUP_2027 = "2027-02-20、2027-04-25、2027-09-26、2027-10-09"


def enter_2027(user=None, **overrides) -> CalendarYear:
    row = CalendarYear(
        year=2027, notice="国办发明电〔2026〕9号", holidays=HOLIDAYS_2027, makeup_days=MAKEUP_2027
    )
    for key, value in overrides.items():
        setattr(row, key, value)
    return services.save_year(row, user)


def correct_2026(extra_line: str, user=None) -> CalendarYear:
    builtin = ARRANGEMENTS[-1]
    row = CalendarYear(
        year=2026,
        notice="国办发明电〔2025〕7号",
        holidays=format_holidays(builtin.holidays) + "\n" + extra_line,
        makeup_days=format_makeup_days(builtin.makeup_days),
        note="更正",
    )
    return services.save_year(row, user)


def test_without_rows_the_calendar_answers_like_the_package():
    calendar = services.official_calendar()
    for d in (D(2026, 2, 14), D(2026, 10, 8), D(2027, 2, 5), D(2027, 3, 1)):
        assert calendar.is_working_day(d) == PROVISIONAL_CALENDAR.is_working_day(d)
    assert calendar.is_provisional(D(2027, 3, 1))
    assert not calendar.is_provisional(D(2026, 3, 1))


def test_a_2027_row_makes_2027_official_instead_of_provisional():
    services.official_calendar()  # warm the cache first
    enter_2027()
    calendar = services.official_calendar()
    assert not calendar.is_provisional(D(2027, 3, 1))
    assert calendar.is_makeup_day(D(2027, 2, 20))  # a Saturday worked: only the notice says so
    assert calendar.holiday_name(D(2027, 2, 12)) == "春节"


def test_a_deadline_running_into_2027_stops_being_provisional_once_entered():
    before = services.official_calendar().add_working_days(D(2026, 12, 15), 20)
    assert before.provisional
    enter_2027()
    after = services.official_calendar().add_working_days(D(2026, 12, 15), 20)
    # By hand: 12 working days from 16 to 31 December, 1 January off, then 4–8 and 11–13.
    assert (after.day, after.provisional) == (D(2027, 1, 13), False)


def test_a_deadline_in_2027_follows_the_entered_notice_not_the_forecast():
    calendar = services.official_calendar()
    assert calendar.add_working_days(D(2027, 1, 25), 20).day == D(2027, 2, 26)  # forecast
    enter_2027()
    # By hand: 26–29 Jan (4), 1–4 Feb (8), 5–13 Feb off, 15–19 (13), Saturday 20 Feb worked
    # (14), 22–26 (19), 1 March (20).
    due = services.official_calendar().add_working_days(D(2027, 1, 25), 20)
    assert (due.day, due.provisional) == (D(2027, 3, 1), False)


def test_a_correction_of_2026_changes_a_2026_answer_at_the_next_call():
    assert services.official_calendar().is_working_day(D(2026, 3, 2))
    correct_2026("测试更正 2026-03-02")
    calendar = services.official_calendar()
    assert not calendar.is_working_day(D(2026, 3, 2))
    assert calendar.holiday_name(D(2026, 3, 2)) == "测试更正"
    assert not calendar.is_provisional(D(2026, 3, 2))


def test_an_edit_and_a_deletion_are_seen_at_the_next_call():
    row = enter_2027()
    assert services.official_calendar().is_makeup_day(D(2027, 2, 20))
    row.makeup_days = "2027-04-25"
    services.save_year(row, None)
    assert not services.official_calendar().is_makeup_day(D(2027, 2, 20))
    services.delete_year(row, None)
    assert services.official_calendar().is_provisional(D(2027, 3, 1))


def test_a_change_saved_by_another_process_is_seen_at_the_next_call():
    enter_2027()
    assert services.official_calendar().is_makeup_day(D(2027, 2, 20))
    # Another process writes the row: no signal, no cache of ours is touched here.
    CalendarYear.objects.filter(year=2027).update(
        makeup_days="2027-04-25", updated_at=timezone.now() - timedelta(days=1)
    )
    assert not services.official_calendar().is_makeup_day(D(2027, 2, 20))


def test_the_same_calendar_object_is_reused_while_nothing_changes():
    enter_2027()
    assert services.official_calendar() is services.official_calendar()


def test_a_row_broken_outside_the_back_office_is_left_out_and_reported():
    enter_2027()
    CalendarYear.objects.filter(year=2027).update(holidays="春节 2027-02-30")
    calendar = services.official_calendar()
    assert calendar.is_provisional(D(2027, 3, 1))  # falls back, does not fail
    status = services.year_status(2027)
    assert status.kind is services.SourceKind.INVALID
    assert "2027-02-30" in status.problem and "未采用" in status.source


def test_year_source_says_where_each_year_comes_from(make_staff, county):
    from gongkai.publishing.roles import Role

    user = make_staff("chenjing", Role.OFFICE, county, full_name="县政务公开办 陈静")
    enter_2027(user)
    assert services.year_source(2026) == "国务院办公厅通知（内置）：国办发明电〔2025〕7号"
    assert services.year_source(2028) == "暂定（按《全国年节及纪念日放假办法》推算）"
    source = services.year_source(2027)
    assert source.startswith("后台录入：国办发明电〔2026〕9号，县政务公开办 陈静，")
    correct_2026("测试更正 2026-03-02", user)
    assert services.year_source(2026).endswith("（更正内置数据）")


def test_the_list_runs_from_the_first_notice_to_next_year():
    assert services.listed_years(D(2026, 11, 25)) == range(2013, 2028)
    kinds = {s.year: s.kind for s in services.overview(D(2026, 11, 25))}
    assert kinds[2013] is services.SourceKind.BUILTIN
    assert kinds[2027] is services.SourceKind.PROVISIONAL


def test_a_saved_year_is_in_the_history_and_the_audit_log(make_staff, county):
    from gongkai.publishing.roles import Role

    user = make_staff("chenjing", Role.OFFICE, county)
    row = enter_2027(user)
    row.notice = "国办发明电〔2026〕9号、国发明电〔2027〕1号"
    services.save_year(row, user)
    entries = list(services.history(2027))
    assert [e.action for e in entries] == ["wagtail.edit", "wagtail.create"]
    assert all(e.user == user for e in entries)
    assert entries[0].data["changed"] == ["notice"]
    assert entries[0].data["previous"]["notice"] == "国办发明电〔2026〕9号"
    audit = AuditEntry.objects.filter(object_type="工作日历年份", user=user)
    assert audit.count() == 2


def test_a_deleted_year_keeps_its_history():
    row = enter_2027()
    services.delete_year(row, None)
    assert [e.action for e in services.history(2027)] == ["wagtail.delete", "wagtail.create"]
    assert ModelLogEntry.objects.filter(action="wagtail.delete", data__year=2027).exists()


def test_only_the_disclosure_office_and_the_administrators_may_keep_the_calendar():
    holders = set(
        Group.objects.filter(
            permissions__content_type__app_label="workcalendar",
            permissions__codename="change_calendaryear",
        ).values_list("name", flat=True)
    )
    assert holders == {"公开办", "系统管理员"}
