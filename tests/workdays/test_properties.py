"""Properties of working-day arithmetic that hold for every date the calendar covers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from gongkai.workdays import (
    DEFAULT_CALENDAR,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

# Starts up to mid-2026 with n <= 80 keep every result inside 2026 (80 working days is well under
# 150 calendar days), so these properties never meet the end of the calendar.
starts = st.dates(min_value=date(2013, 1, 1), max_value=date(2026, 6, 30))
counts = st.integers(min_value=0, max_value=80)
positive_counts = st.integers(min_value=1, max_value=80)
any_day = st.dates(min_value=date(2013, 1, 1), max_value=date(2026, 12, 31))


def naive_count(start: date, end: date) -> int:
    days = (end - start).days
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, days + 1))


@given(starts, positive_counts)
def test_the_deadline_is_always_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@given(starts, positive_counts)
def test_the_deadline_is_always_strictly_after_receipt(start, n):
    assert add_working_days(start, n) > start


@given(starts, counts)
def test_counting_the_working_days_up_to_the_deadline_gives_back_n(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(starts, counts)
def test_a_longer_time_limit_ends_strictly_later(start, n):
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(starts, st.integers(0, 40), st.integers(0, 40))
def test_adding_a_plus_b_working_days_equals_adding_a_then_b(start, a, b):
    assert add_working_days(start, a + b) == add_working_days(add_working_days(start, a), b)


@given(starts, positive_counts)
def test_no_working_day_is_skipped_between_receipt_and_deadline(start, n):
    deadline = add_working_days(start, n)
    assert naive_count(start, deadline) == n


@given(any_day, any_day)
def test_working_days_between_matches_a_day_by_day_count(a, b):
    start, end = min(a, b), max(a, b)
    if (end - start).days > 400:  # keep the naive count cheap; the arithmetic is O(log n)
        end = start + timedelta(days=400)
    assert working_days_between(start, end) == naive_count(start, end)


@given(any_day, any_day)
def test_working_days_between_is_zero_when_the_end_is_not_after_the_start(a, b):
    start, end = max(a, b), min(a, b)
    assert working_days_between(start, end) == 0


@given(any_day)
def test_a_day_is_a_working_day_exactly_when_the_notices_and_the_weekday_say_so(day):
    if DEFAULT_CALENDAR.is_makeup_day(day):
        expected = True
    elif holiday_name(day) is not None:
        expected = False
    else:
        expected = day.weekday() < 5
    assert is_working_day(day) is expected


@given(any_day)
def test_a_make_up_day_is_never_inside_a_holiday(day):
    assert not (DEFAULT_CALENDAR.is_makeup_day(day) and holiday_name(day) is not None)
