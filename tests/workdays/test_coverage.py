"""Years without a notice are refused, and an operator can add a year."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from gongkai.workdays import (
    DEFAULT_CALENDAR,
    Calendar,
    CalendarDataError,
    CalendarYearUnknown,
    Holiday,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

D = date
MESSAGE_2027 = "尚未录入2027年的法定节假日安排，无法计算工作日。请系统管理员更新工作日历。"


def test_a_date_in_a_year_without_a_notice_is_refused_with_a_chinese_message():
    with pytest.raises(CalendarYearUnknown) as caught:
        is_working_day(D(2027, 1, 4))
    assert caught.value.year == 2027
    assert caught.value.message_zh == MESSAGE_2027
    assert "2027" in caught.value.message_en
    assert MESSAGE_2027 in str(caught.value)


def test_an_unknown_year_is_a_value_error():
    assert issubclass(CalendarYearUnknown, ValueError)


def test_a_date_before_the_first_year_is_refused():
    with pytest.raises(CalendarYearUnknown) as caught:
        is_working_day(D(2012, 12, 31))
    assert caught.value.year == 2012


def test_a_deadline_that_runs_into_2027_is_refused_rather_than_guessed():
    with pytest.raises(CalendarYearUnknown) as caught:
        add_working_days(D(2026, 12, 20), 20)
    assert caught.value.message_zh == MESSAGE_2027


def test_a_deadline_that_stays_in_2026_is_still_computed_at_the_end_of_the_year():
    # 2026-12-31 is a Thursday.
    assert add_working_days(D(2026, 12, 30), 1) == D(2026, 12, 31)


def test_one_working_day_after_the_last_covered_day_is_refused():
    with pytest.raises(CalendarYearUnknown):
        add_working_days(D(2026, 12, 31), 1)


def test_counting_working_days_into_2027_is_refused():
    with pytest.raises(CalendarYearUnknown):
        working_days_between(D(2026, 12, 1), D(2027, 1, 10))


def test_counting_working_days_backwards_from_an_unknown_year_is_refused_too():
    with pytest.raises(CalendarYearUnknown):
        working_days_between(D(2027, 1, 10), D(2026, 12, 1))


def test_asking_for_the_holiday_name_in_an_unknown_year_is_refused():
    with pytest.raises(CalendarYearUnknown):
        holiday_name(D(2027, 1, 1))


# Made-up 2027 data for the tests only: NOT the State Council's arrangement.
FICTIONAL_2027 = {
    "holidays": [Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3))],
    "makeup_days": [],
    "notices": ["测试用虚构数据"],
}


def test_an_operator_can_add_a_year_and_deadlines_then_run_into_it():
    extended = DEFAULT_CALENDAR.with_year(2027, **FICTIONAL_2027)
    # 12/21–12/25 (1–5); 12/28–12/31 (6–9); 2027 元旦 1/1–1/3 off (fictional); 1/4 Mon (10).
    assert extended.add_working_days(D(2026, 12, 18), 10) == D(2027, 1, 4)
    assert extended.last_year == 2027


def test_adding_a_year_leaves_the_default_calendar_unchanged():
    DEFAULT_CALENDAR.with_year(2027, **FICTIONAL_2027)
    assert DEFAULT_CALENDAR.last_year == 2026
    with pytest.raises(CalendarYearUnknown):
        is_working_day(D(2027, 1, 4))


def test_a_year_can_be_loaded_from_plain_tuples_as_configuration_gives_them():
    extended = DEFAULT_CALENDAR.with_year(
        2027, holidays=[("春节", D(2027, 2, 6), D(2027, 2, 13))], makeup_days=[D(2027, 2, 20)]
    )
    assert extended.holiday_name(D(2027, 2, 8)) == "春节"
    assert extended.is_working_day(D(2027, 2, 20))  # a Saturday made a working day


def test_a_year_already_in_the_calendar_is_only_replaced_when_asked():
    with pytest.raises(CalendarDataError):
        DEFAULT_CALENDAR.with_year(2024, holidays=[], makeup_days=[])


def test_without_the_2020_extension_notice_31_january_2020_would_have_been_a_working_day():
    original_2020 = DEFAULT_CALENDAR.arrangement(2020)
    before_extension = DEFAULT_CALENDAR.with_year(
        2020,
        holidays=[
            Holiday("春节", D(2020, 1, 24), D(2020, 1, 30)) if h.name == "春节" else h
            for h in original_2020.holidays
        ],
        makeup_days=[*original_2020.makeup_days, D(2020, 2, 1)],
        notices=["国办发明电〔2019〕16号"],
        replace=True,
    )
    assert before_extension.is_working_day(D(2020, 1, 31))
    assert before_extension.is_working_day(D(2020, 2, 1))
    assert not DEFAULT_CALENDAR.is_working_day(D(2020, 1, 31))


def test_a_make_up_working_day_on_a_weekday_is_rejected():
    with pytest.raises(CalendarDataError):
        DEFAULT_CALENDAR.with_year(2027, holidays=[], makeup_days=[D(2027, 1, 6)])  # Wednesday


def test_a_day_that_is_both_off_and_a_make_up_day_is_rejected():
    with pytest.raises(CalendarDataError):
        DEFAULT_CALENDAR.with_year(
            2027,
            holidays=[Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3))],
            makeup_days=[D(2027, 1, 2)],
        )


def test_a_holiday_outside_its_year_is_rejected():
    with pytest.raises(CalendarDataError):
        DEFAULT_CALENDAR.with_year(
            2027, holidays=[Holiday("春节", D(2026, 12, 31), D(2027, 1, 2))], makeup_days=[]
        )


def test_only_new_year_may_begin_in_the_previous_december():
    extended = DEFAULT_CALENDAR.with_year(
        2027, holidays=[Holiday("元旦", D(2026, 12, 31), D(2027, 1, 1))], makeup_days=[]
    )
    assert extended.holiday_name(D(2026, 12, 31)) == "元旦"


def test_overlapping_holidays_are_rejected():
    with pytest.raises(CalendarDataError):
        DEFAULT_CALENDAR.with_year(
            2027,
            holidays=[
                Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3)),
                Holiday("春节", D(2027, 1, 3), D(2027, 1, 9)),
            ],
            makeup_days=[],
        )


def test_a_holiday_that_ends_before_it_begins_is_rejected():
    with pytest.raises(CalendarDataError):
        Holiday("春节", D(2027, 2, 9), D(2027, 2, 6))


def test_a_calendar_can_be_built_from_arrangements_directly():
    calendar = Calendar([DEFAULT_CALENDAR.arrangement(2024)])
    assert calendar.years == (2024,)
    assert calendar.add_working_days(D(2024, 2, 8), 20) == D(2024, 3, 13)


def test_a_calendar_without_any_year_is_rejected():
    with pytest.raises(CalendarDataError):
        Calendar([])


def test_the_unknown_year_error_survives_pickling_with_its_messages():
    restored = pickle.loads(pickle.dumps(CalendarYearUnknown(2027)))
    assert restored.year == 2027
    assert restored.message_zh == MESSAGE_2027
