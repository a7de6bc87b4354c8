"""The provisional calendar: years without a notice, forecast from 《全国年节及纪念日放假办法》."""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.workdays import (
    DEFAULT_CALENDAR,
    PROVISIONAL_CALENDAR,
    CalendarYearUnknown,
    Holiday,
    WorkingDayCount,
    WorkingDayResult,
    add_working_days,
    deadline_after,
    is_working_day,
    provisional_arrangement,
)
from gongkai.workdays.notices import ARRANGEMENTS
from gongkai.workdays.statutory import lunar_to_solar, qingming, rules_for, statutory_days

D = date
NOTICE_YEARS = [a.year for a in ARRANGEMENTS]


# -- the lunar library against the notices ---------------------------------------------------

# Lunar dates published in the notices' own spans (and the 2027 new year), as the almanac has
# them: 正月初一, 端午 (五月初五), 中秋 (八月十五), and the 清明 solar term.
KNOWN_LUNAR = [
    (2024, D(2024, 2, 10), D(2024, 6, 10), D(2024, 9, 17), D(2024, 4, 4)),
    (2025, D(2025, 1, 29), D(2025, 5, 31), D(2025, 10, 6), D(2025, 4, 4)),
    (2026, D(2026, 2, 17), D(2026, 6, 19), D(2026, 9, 25), D(2026, 4, 5)),
    (2027, D(2027, 2, 6), D(2027, 6, 9), D(2027, 9, 15), D(2027, 4, 5)),
]


@pytest.mark.parametrize(("year", "new_year", "dragon_boat", "mid_autumn", "qm"), KNOWN_LUNAR)
def test_the_lunar_library_gives_the_almanac_dates(year, new_year, dragon_boat, mid_autumn, qm):
    assert lunar_to_solar(year, 1, 1) == new_year
    assert lunar_to_solar(year, 5, 5) == dragon_boat
    assert lunar_to_solar(year, 8, 15) == mid_autumn
    assert qingming(year) == qm


@pytest.mark.parametrize("arrangement", ARRANGEMENTS, ids=lambda a: str(a.year))
def test_every_statutory_day_is_inside_the_notices_holiday_of_the_same_name(arrangement):
    # Checks the lunar library and the decree versions (第513/644/795号) against 14 notices:
    # each festival's statutory days lie in the notice's span for that festival.
    spans = {}
    for h in arrangement.holidays:
        for name in h.name.split("、"):
            spans[name] = h
    for name, days in statutory_days(arrangement.year):
        for d in days:
            holiday = spans[name]
            assert holiday.first <= d <= holiday.last, (name, d, holiday)


@pytest.mark.parametrize("arrangement", ARRANGEMENTS, ids=lambda a: str(a.year))
def test_the_provisional_days_off_are_days_off_in_the_notice(arrangement):
    provisional = provisional_arrangement(arrangement.year)
    weekdays_off = {d for d in provisional.off_days if d.weekday() < 5}
    missing = sorted(weekdays_off - arrangement.off_days)
    # 2015: 中秋节 fell on Sunday 9/27 and was made up inside the 国庆节 week, not on Monday
    # 9/28 (国办发明电〔2014〕28号: "9月27日放假"). The only year where Art. 6 补假 on the next
    # weekday is not where the notice put it.
    assert missing == ([D(2015, 9, 28)] if arrangement.year == 2015 else [])
    assert not provisional.off_days & set(arrangement.makeup_days)


def test_the_2025_rules_are_decree_795():
    assert rules_for(2024).decree == "国务院令第644号"
    assert rules_for(2025).decree == "国务院令第795号"
    assert rules_for(2013).decree == "国务院令第513号"


def test_spring_festival_is_four_statutory_days_from_new_years_eve_under_decree_795():
    days = dict(statutory_days(2027))
    assert days["春节"] == (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8))
    assert days["劳动节"] == (D(2027, 5, 1), D(2027, 5, 2))
    assert days["国庆节"] == (D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3))


# -- the provisional arrangement ------------------------------------------------------------


def test_the_2027_provisional_arrangement():
    # 元旦 1/1 Fri. 春节: 除夕 2/5 Fri, 初一 2/6 Sat, 初二 2/7 Sun, 初三 2/8 Mon; the weekend two
    # are made up on 2/9 Tue and 2/10 Wed (Art. 6). 清明 4/5 Mon. 劳动节 5/1 Sat, 5/2 Sun → 5/3,
    # 5/4. 端午 6/9 Wed. 中秋 9/15 Wed. 国庆节 10/1 Fri, 10/2 Sat, 10/3 Sun → 10/4, 10/5.
    arrangement = provisional_arrangement(2027)
    assert arrangement.holidays == (
        Holiday("元旦", D(2027, 1, 1), D(2027, 1, 1)),
        Holiday("春节", D(2027, 2, 5), D(2027, 2, 10)),
        Holiday("清明节", D(2027, 4, 5), D(2027, 4, 5)),
        Holiday("劳动节", D(2027, 5, 1), D(2027, 5, 4)),
        Holiday("端午节", D(2027, 6, 9), D(2027, 6, 9)),
        Holiday("中秋节", D(2027, 9, 15), D(2027, 9, 15)),
        Holiday("国庆节", D(2027, 10, 1), D(2027, 10, 5)),
    )
    assert arrangement.makeup_days == ()
    assert arrangement.notices == ("《全国年节及纪念日放假办法》（国务院令第795号）",)


def test_a_new_year_on_saturday_is_made_up_on_monday():
    assert provisional_arrangement(2028).holidays[0] == Holiday(
        "元旦", D(2028, 1, 1), D(2028, 1, 3)
    )


def test_mid_autumn_inside_national_day_becomes_one_holiday_with_a_day_made_up():
    # 2028: 中秋 10/3 Tue is also 国庆节's third day. 国庆节 10/1 Sun → made up 10/4 Wed;
    # 中秋 on a day already off → made up 10/5 Thu. Four weekdays off for four statutory days.
    holidays = {h.name: h for h in provisional_arrangement(2028).holidays}
    assert holidays["国庆节、中秋节"] == Holiday("国庆节、中秋节", D(2028, 10, 1), D(2028, 10, 5))


def test_mid_autumn_on_national_day_itself_is_named_national_day_first():
    # 2031: 中秋 10/1 Wed. 10/1–10/3 off, 10/4–10/5 weekend, 中秋 made up on 10/6 Mon.
    holidays = {h.name: h for h in provisional_arrangement(2031).holidays}
    assert holidays["国庆节、中秋节"] == Holiday("国庆节、中秋节", D(2031, 10, 1), D(2031, 10, 6))


@pytest.mark.parametrize("year", [2007, 2100])
def test_years_outside_the_decree_rules_are_refused(year):
    with pytest.raises(ValueError):
        provisional_arrangement(year)


# -- the provisional calendar ---------------------------------------------------------------


def test_the_official_functions_still_refuse_2027():
    with pytest.raises(CalendarYearUnknown):
        add_working_days(D(2026, 12, 15), 20)
    with pytest.raises(CalendarYearUnknown):
        is_working_day(D(2027, 1, 4))


def test_a_deadline_running_into_2027_is_given_and_marked_provisional():
    # 12/16–12/18 (1–3); 12/21–12/25 (4–8); 12/28–12/31 (9–12); 2027-01-01 元旦 off;
    # 1/4–1/8 (13–17); 1/11 (18), 1/12 (19), 1/13 (20).
    assert deadline_after(D(2026, 12, 15), 20) == WorkingDayResult(D(2027, 1, 13), True)


def test_a_deadline_inside_the_notices_is_not_provisional():
    assert deadline_after(D(2024, 2, 8), 20) == WorkingDayResult(D(2024, 3, 13), False)


def test_the_last_day_of_the_notices_is_not_provisional_but_the_next_is():
    assert deadline_after(D(2026, 12, 30), 1) == WorkingDayResult(D(2026, 12, 31), False)
    assert deadline_after(D(2026, 12, 31), 1) == WorkingDayResult(D(2027, 1, 4), True)


def test_receipt_in_a_provisional_year_is_not_counted_so_zero_days_is_not_provisional():
    assert deadline_after(D(2027, 3, 1), 0) == WorkingDayResult(D(2027, 3, 1), False)


def test_spring_festival_2027_is_skipped_with_the_days_made_up():
    # 1/26–1/29 (1–4); 2/1–2/4 (5–8); 2/5–2/10 off; 2/11 (9), 2/12 (10); 2/15–2/19 (11–15);
    # 2/22–2/26 (16–20).
    assert deadline_after(D(2027, 1, 25), 20) == WorkingDayResult(D(2027, 2, 26), True)


def test_counting_working_days_into_2027_is_provisional():
    # 12/1–12/31 2026: 23 weekdays; 2027-01-01 off; 1/4–1/29: 20 weekdays.
    count = PROVISIONAL_CALENDAR.working_days_between(D(2026, 11, 30), D(2027, 1, 31))
    assert count == WorkingDayCount(43, True)
    assert PROVISIONAL_CALENDAR.working_days_between(D(2026, 11, 30), D(2026, 12, 31)) == (
        WorkingDayCount(23, False)
    )


def test_single_days_of_a_provisional_year_are_answered_and_marked():
    calendar = DEFAULT_CALENDAR.provisional()
    assert calendar is PROVISIONAL_CALENDAR
    assert calendar.is_provisional(D(2027, 2, 9)) and not calendar.is_provisional(D(2026, 2, 9))
    assert not calendar.is_working_day(D(2027, 2, 9))
    assert calendar.holiday_name(D(2027, 2, 9)) == "春节"
    assert calendar.is_working_day(D(2027, 2, 11))
    assert not calendar.is_makeup_day(D(2027, 2, 20))
    assert calendar.arrangement(2027) == provisional_arrangement(2027)
    assert calendar.arrangement(2026) == DEFAULT_CALENDAR.arrangement(2026)


def test_provisional_years_are_listed():
    assert PROVISIONAL_CALENDAR.provisional_years(D(2026, 6, 1), D(2028, 1, 5)) == (2027, 2028)
    assert PROVISIONAL_CALENDAR.provisional_years(D(2026, 12, 31), D(2026, 12, 31)) == ()


def test_an_entered_year_replaces_the_forecast():
    # Once an operator enters 2027 (here: a made-up notice with 1/4 off), the calendar built
    # from it answers officially.
    calendar = DEFAULT_CALENDAR.with_year(
        2027, [("元旦", D(2027, 1, 1), D(2027, 1, 4))], []
    ).provisional()
    assert calendar.add_working_days(D(2026, 12, 31), 1) == WorkingDayResult(D(2027, 1, 5), False)
    assert calendar.add_working_days(D(2027, 12, 31), 1).provisional  # 2028 is still forecast


def test_years_the_rules_do_not_cover_are_still_refused():
    with pytest.raises(CalendarYearUnknown) as caught:
        deadline_after(D(2099, 12, 20), 20)
    assert caught.value.year == 2100
    with pytest.raises(CalendarYearUnknown):
        PROVISIONAL_CALENDAR.is_working_day(D(2007, 6, 1))


def test_results_are_plain_values():
    result = deadline_after(D(2026, 12, 15), 20)
    assert pickle.loads(pickle.dumps(result)) == result


# -- properties -----------------------------------------------------------------------------

notice_days = st.dates(min_value=D(2013, 1, 1), max_value=D(2026, 12, 31))
future_days = st.dates(min_value=D(2026, 1, 1), max_value=D(2035, 12, 31))
counts = st.integers(min_value=0, max_value=60)


@given(notice_days)
def test_on_the_notices_years_the_provisional_calendar_is_the_official_one(day):
    assert PROVISIONAL_CALENDAR.is_working_day(day) is is_working_day(day)
    assert not PROVISIONAL_CALENDAR.is_provisional(day)


@given(future_days, st.integers(min_value=1, max_value=60))
def test_a_provisional_deadline_is_a_working_day_strictly_after_the_start(start, n):
    result = deadline_after(start, n)
    assert result.day > start
    assert PROVISIONAL_CALENDAR.is_working_day(result.day)
    assert result.provisional is (result.day.year > 2026)


@given(future_days, counts)
def test_counting_back_gives_n_in_provisional_years_too(start, n):
    result = deadline_after(start, n)
    assert PROVISIONAL_CALENDAR.working_days_between(start, result.day).days == n


@given(future_days, counts, counts)
def test_adding_a_then_b_equals_adding_a_plus_b_in_provisional_years(start, a, b):
    first = deadline_after(start, a).day
    assert deadline_after(first, b).day == deadline_after(start, a + b).day


@given(st.integers(min_value=2027, max_value=2099))
def test_every_provisional_year_has_the_decrees_thirteen_weekdays_off(year):
    # 13 statutory days a year under 第795号 (元旦1 春节4 清明1 劳动节2 端午1 中秋1 国庆3);
    # with Art. 6 补假 each of them is one weekday off.
    off = provisional_arrangement(year).off_days
    assert sum(1 for d in off if d.weekday() < 5) == 13
    assert all(d.year == year for d in off)


@given(st.integers(min_value=2027, max_value=2099))
def test_a_provisional_holiday_span_has_no_working_day_inside(year):
    for holiday in provisional_arrangement(year).holidays:
        day = holiday.first
        while day <= holiday.last:
            assert not PROVISIONAL_CALENDAR.is_working_day(day)
            day += timedelta(days=1)
