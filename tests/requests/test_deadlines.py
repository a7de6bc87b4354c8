"""Reply deadlines of disclosure requests (条例 Art. 30–33), counted by hand from the notices.

In each comment: the day of receipt is not counted; (n) is the n-th counted working day; days
off are skipped; make-up Saturdays/Sundays (调休上班) count; paused days do not.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.requests.deadlines import (
    Deadline,
    DeadlineInputError,
    Pause,
    reply_deadline,
    working_days_left,
)
from gongkai.workdays import PROVISIONAL_CALENDAR, WorkingDayCount, is_working_day

D = date
ONE_DAY = timedelta(days=1)

HAND_COUNTED = [
    pytest.param(
        # 2024 春节 2/10–2/17 off; 2/4 Sun and 2/18 Sun worked (国办发明电〔2023〕7号).
        # 1/17–1/19 (1–3); 1/22–1/26 (4–8); 1/29–2/2 (9–13); 2/4 Sun (14); 2/5–2/9 (15–19);
        # 2/18 Sun (20).
        D(2024, 1, 16),
        D(2024, 2, 18),
        id="2024 Spring Festival: due on the make-up Sunday 2024-02-18",
    ),
    pytest.param(
        # 2024 春节 as above. 2/7 (1), 2/8 (2), 2/9 (3); 2/18 Sun (4); 2/19–2/23 (5–9);
        # 2/26–3/1 (10–14); 3/4–3/8 (15–19); 3/11 (20).
        D(2024, 2, 6),
        D(2024, 3, 11),
        id="2024 Spring Festival",
    ),
    pytest.param(
        # 2024 国庆节 10/1–10/7 off; 9/29 Sun and 10/12 Sat worked.
        # 9/29 Sun (1); 9/30 (2); 10/8–10/11 (3–6); 10/12 Sat (7); 10/14–10/18 (8–12);
        # 10/21–10/25 (13–17); 10/28 (18), 10/29 (19), 10/30 (20).
        D(2024, 9, 27),
        D(2024, 10, 30),
        id="2024 National Day",
    ),
    pytest.param(
        # Received on a holiday: 2025 劳动节 5/1–5/5 off (国办发明电〔2024〕12号), then
        # 端午节 5/31–6/2 off. 5/6–5/9 (1–4); 5/12–5/16 (5–9); 5/19–5/23 (10–14);
        # 5/26–5/30 (15–19); 5/31–6/2 off; 6/3 (20).
        D(2025, 5, 1),
        D(2025, 6, 3),
        id="2025 Labour Day: received on the holiday itself",
    ),
    pytest.param(
        # 2025 国庆节、中秋节 10/1–10/8 off; 9/28 Sun and 10/11 Sat worked.
        # 9/28 Sun (1); 9/29 (2), 9/30 (3); 10/9 (4), 10/10 (5); 10/11 Sat (6);
        # 10/13–10/17 (7–11); 10/20–10/24 (12–16); 10/27 (17) … 10/30 (20).
        D(2025, 9, 26),
        D(2025, 10, 30),
        id="2025 National Day and Mid-Autumn",
    ),
    pytest.param(
        # 2026 春节 2/15–2/23 off; 2/14 Sat and 2/28 Sat worked (国办发明电〔2025〕7号).
        # 2/13 (1); 2/14 Sat (2); 2/24–2/27 (3–6); 2/28 Sat (7); 3/2–3/6 (8–12);
        # 3/9–3/13 (13–17); 3/16 (18), 3/17 (19), 3/18 (20).
        D(2026, 2, 12),
        D(2026, 3, 18),
        id="2026 Spring Festival",
    ),
    pytest.param(
        # 2026 劳动节 5/1–5/5 off; 5/9 Sat worked.
        # 4/29 (1), 4/30 (2); 5/6–5/8 (3–5); 5/9 Sat (6); 5/11–5/15 (7–11); 5/18–5/22 (12–16);
        # 5/25 (17) … 5/28 (20).
        D(2026, 4, 28),
        D(2026, 5, 28),
        id="2026 Labour Day",
    ),
    pytest.param(
        # Received on a holiday: 2026 国庆节 10/1–10/7 off; 10/10 Sat worked.
        # 10/8 (1), 10/9 (2); 10/10 Sat (3); 10/12–10/16 (4–8); 10/19–10/23 (9–13);
        # 10/26–10/30 (14–18); 11/2 (19), 11/3 (20).
        D(2026, 10, 3),
        D(2026, 11, 3),
        id="2026 National Day: received on the holiday itself",
    ),
    pytest.param(
        # The last deadline wholly inside the notices: 11/23–11/27 (1–5); 11/30–12/4 (6–10);
        # 12/7–12/11 (11–15); 12/14–12/18 (16–20).
        D(2026, 11, 20),
        D(2026, 12, 18),
        id="2026-11-20, due in December 2026",
    ),
]


@pytest.mark.parametrize(("received", "due"), HAND_COUNTED)
def test_the_reply_is_due_on_the_twentieth_working_day_after_receipt(received, due):
    assert reply_deadline(received) == Deadline(
        due=due, provisional=False, working_days=20, counted_from=received
    )


def test_the_count_restarts_from_the_receipt_of_the_corrected_request():
    # Received 2025-01-20, corrected request received 2025-02-05. 2025 春节 1/28–2/4 off;
    # 2/8 Sat worked. 2/6 (1), 2/7 (2); 2/8 Sat (3); 2/10–2/14 (4–8); 2/17–2/21 (9–13);
    # 2/24–2/28 (14–18); 3/3 (19), 3/4 (20).
    deadline = reply_deadline(D(2025, 1, 20), corrected=D(2025, 2, 5))
    assert (deadline.due, deadline.counted_from) == (D(2025, 3, 4), D(2025, 2, 5))


def test_a_correction_received_the_same_day_changes_nothing():
    assert reply_deadline(D(2024, 9, 27), corrected=D(2024, 9, 27)).due == D(2024, 10, 30)


# Received 2024-04-01 (Mon); a third-party consultation begun 4/2–4/3 before the request was
# returned for correction; corrected request received 4/8 (Mon); third-party consultation
# 4/15–4/26 (Art. 32); extension approved (Art. 33); fee notice 5/30, paid 6/4 (国办函〔2020〕
# 109号). 2024: 清明节 4/4–4/6 off, 4/7 Sun worked; 劳动节 5/1–5/5 off, 4/28 Sun and 5/11 Sat
# worked; 端午节 6/10 off.
COMBINED = dict(
    received=D(2024, 4, 1),
    corrected=D(2024, 4, 8),
    pauses=[
        Pause(D(2024, 4, 2), D(2024, 4, 3), "第三方意见征询（补正前）"),
        Pause(D(2024, 4, 15), D(2024, 4, 26), "第三方意见征询"),
    ],
)
FEE_PAUSE = Pause(D(2024, 5, 30), D(2024, 6, 4), "收费通知至缴费")


def test_a_pause_before_the_correction_is_ignored_and_a_later_one_is_not_counted():
    # From 4/8: 4/9–4/12 (1–4); 4/15–4/26 paused (10 working days); 4/28 Sun (5); 4/29 (6),
    # 4/30 (7); 5/6–5/10 (8–12); 5/11 Sat (13); 5/13–5/17 (14–18); 5/20 (19), 5/21 (20).
    deadline = reply_deadline(**COMBINED)
    assert (deadline.due, deadline.working_days, deadline.paused_working_days) == (
        D(2024, 5, 21),
        20,
        10,
    )


def test_the_extension_adds_twenty_working_days_to_the_current_due_date():
    # From 5/21 (20): 5/22–5/24 (21–23); 5/27–5/31 (24–28); 6/3–6/7 (29–33); 6/10 端午节;
    # 6/11–6/14 (34–37); 6/17 (38), 6/18 (39), 6/19 (40).
    deadline = reply_deadline(**COMBINED, extension_days=20)
    assert (deadline.due, deadline.working_days) == (D(2024, 6, 19), 40)


def test_correction_pause_extension_and_a_fee_pause_in_the_extension_combined():
    # From 5/21 (20): 5/22–5/24 (21–23); 5/27–5/29 (24–26); 5/30–6/4 paused (4 working days);
    # 6/5–6/7 (27–29); 6/10 端午节; 6/11–6/14 (30–33); 6/17–6/21 (34–38); 6/24 (39), 6/25 (40).
    pauses = [*COMBINED["pauses"], FEE_PAUSE]
    deadline = reply_deadline(**{**COMBINED, "pauses": pauses}, extension_days=20)
    assert deadline == Deadline(
        due=D(2024, 6, 25),
        provisional=False,
        working_days=40,
        counted_from=D(2024, 4, 8),
        paused_working_days=14,
    )
    assert deadline.as_dict() == {"due": "2024-06-25", "provisional": False, "working_days": 40}


def test_a_shorter_extension_is_allowed():
    # From 5/21 (20): 5/22 (21), 5/23 (22), 5/24 (23).
    assert reply_deadline(**COMBINED, extension_days=3).due == D(2024, 5, 24)


def test_a_pause_after_the_due_date_changes_nothing():
    pauses = [*COMBINED["pauses"], (D(2024, 5, 22), D(2024, 5, 31))]
    assert reply_deadline(**{**COMBINED, "pauses": pauses}).due == D(2024, 5, 21)


def test_a_pause_straddling_the_corrected_receipt_counts_only_after_it():
    # Pause 4/3–4/10, count from 4/8: 4/9, 4/10 paused; 4/11 (1), 4/12 (2); 4/15–4/19 (3–7);
    # 4/22–4/26 (8–12); 4/28 Sun (13); 4/29 (14), 4/30 (15); 5/6–5/10 (16–20).
    deadline = reply_deadline(
        D(2024, 4, 1), corrected=D(2024, 4, 8), pauses=[(D(2024, 4, 3), D(2024, 4, 10))]
    )
    assert (deadline.due, deadline.paused_working_days) == (D(2024, 5, 10), 2)


def test_overlapping_pauses_exclude_each_day_once():
    one = reply_deadline(D(2024, 3, 1), pauses=[(D(2024, 3, 4), D(2024, 3, 15))])
    two = reply_deadline(
        D(2024, 3, 1), pauses=[(D(2024, 3, 4), D(2024, 3, 12)), (D(2024, 3, 8), D(2024, 3, 15))]
    )
    assert one == two and one.paused_working_days == 10


# -- provisional: December 2026 into 2027 ----------------------------------------------------


def test_a_request_received_in_december_2026_is_due_in_january_2027_provisionally():
    # 2026: 12/16–12/18 (1–3); 12/21–12/25 (4–8); 12/28–12/31 (9–12). 2027 (no notice yet;
    # 放假办法: 元旦 1/1 Fri off): 1/4–1/8 (13–17); 1/11 (18), 1/12 (19), 1/13 (20).
    deadline = reply_deadline(D(2026, 12, 15))
    assert (deadline.due, deadline.provisional, deadline.provisional_years) == (
        D(2027, 1, 13),
        True,
        (2027,),
    )
    assert deadline.as_dict() == {"due": "2027-01-13", "provisional": True, "working_days": 20}


def test_an_extended_request_from_december_2026_crosses_the_2027_spring_festival():
    # From 1/13 (20): 1/14, 1/15 (21–22); 1/18–1/22 (23–27); 1/25–1/29 (28–32); 2/1–2/4
    # (33–36); 春节 2/5–2/10 off (除夕 2/5 Fri – 初三 2/8 Mon, the weekend two made up on 2/9,
    # 2/10 by Art. 6); 2/11 (37), 2/12 (38); 2/15 (39), 2/16 (40).
    deadline = reply_deadline(D(2026, 12, 15), extension_days=20)
    assert (deadline.due, deadline.provisional, deadline.working_days) == (
        D(2027, 2, 16),
        True,
        40,
    )


def test_a_pause_into_2027_makes_a_2026_request_provisional():
    # 12/1–12/4 (1–4); paused 12/7–2027-01-08; 1/11–1/15 (5–9); 1/18–1/22 (10–14);
    # 1/25–1/29 (15–19); 2/1 (20).
    deadline = reply_deadline(D(2026, 11, 30), pauses=[(D(2026, 12, 7), D(2027, 1, 8))])
    assert (deadline.due, deadline.provisional) == (D(2027, 2, 1), True)


# -- refused inputs --------------------------------------------------------------------------


def test_an_inverted_pause_is_refused_in_both_languages():
    with pytest.raises(DeadlineInputError) as caught:
        reply_deadline(D(2024, 3, 1), pauses=[(D(2024, 3, 10), D(2024, 3, 5))])
    assert "早于开始日期" in caught.value.message_zh
    assert "before it begins" in caught.value.message_en
    assert isinstance(caught.value, ValueError)


def test_a_correction_before_receipt_is_refused():
    with pytest.raises(DeadlineInputError) as caught:
        reply_deadline(D(2024, 3, 5), corrected=D(2024, 3, 1))
    assert "补正" in caught.value.message_zh and "corrected" in caught.value.message_en


def test_a_pause_beginning_before_receipt_is_refused():
    with pytest.raises(DeadlineInputError) as caught:
        reply_deadline(D(2024, 3, 5), pauses=[(D(2024, 3, 1), D(2024, 3, 8))])
    assert "之前" in caught.value.message_zh


def test_a_pause_may_begin_on_the_day_of_receipt():
    # 3/5–3/8 paused (the receipt day itself is not counted anyway): like receipt on 3/8.
    assert reply_deadline(D(2024, 3, 5), pauses=[(D(2024, 3, 5), D(2024, 3, 8))]).due == (
        reply_deadline(D(2024, 3, 8)).due
    )


@pytest.mark.parametrize("days", [-1, 21])
def test_an_extension_beyond_twenty_working_days_is_refused(days):
    with pytest.raises(DeadlineInputError) as caught:
        reply_deadline(D(2024, 3, 5), extension_days=days)
    assert "20个工作日" in caught.value.message_zh


# -- days left, for the dashboard ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (D(2024, 2, 9), 1),  # Friday before; 2/10–2/17 off; 2/18 make-up Sunday is the due date
        (D(2024, 2, 12), 1),  # during the holiday
        (D(2024, 2, 18), 0),  # due today
        (D(2024, 2, 19), -1),
        (D(2024, 2, 26), -6),  # 2/19–2/23 (5) and 2/26
        (D(2024, 2, 5), 5),  # 2/6, 2/7, 2/8, 2/9, 2/18
    ],
)
def test_working_days_left_until_the_due_date(today, left):
    assert working_days_left(D(2024, 2, 18), today) == WorkingDayCount(left, False)


def test_a_request_due_on_friday_is_overdue_on_saturday():
    assert working_days_left(D(2024, 3, 15), D(2024, 3, 16)).days == -1
    assert working_days_left(D(2024, 3, 15), D(2024, 3, 18)).days == -1


def test_days_left_into_2027_are_provisional():
    # 1/1 元旦; 1/4–1/8 (5); 1/11, 1/12, 1/13 (8).
    assert working_days_left(D(2027, 1, 13), D(2026, 12, 31)) == WorkingDayCount(8, True)


# -- properties ------------------------------------------------------------------------------

receipts = st.dates(min_value=D(2013, 1, 1), max_value=D(2027, 12, 31))
pause_specs = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=3
)  # (offset from receipt, length in days)


def pauses_from(received: date, specs: list[tuple[int, int]]) -> list[tuple[date, date]]:
    return [(received + timedelta(days=o), received + timedelta(days=o + n)) for o, n in specs]


def naive_due(received: date, pauses: list[tuple[date, date]], n: int) -> date:
    """Day by day: the n-th working day after receipt that no pause covers."""
    day, counted = received, 0
    while counted < n:
        day += ONE_DAY
        paused = any(first <= day <= last for first, last in pauses)
        if PROVISIONAL_CALENDAR.is_working_day(day) and not paused:
            counted += 1
    return day


@given(receipts)
def test_the_due_date_is_a_working_day(received):
    deadline = reply_deadline(received)
    assert PROVISIONAL_CALENDAR.is_working_day(deadline.due)
    if not deadline.provisional:
        assert is_working_day(deadline.due)
    assert deadline.provisional is (deadline.due.year >= 2027)


@given(receipts, receipts)
def test_a_later_receipt_is_never_due_earlier(a, b):
    first, second = sorted((a, b))
    assert reply_deadline(first).due <= reply_deadline(second).due


@given(receipts, pause_specs, st.booleans())
def test_pauses_never_make_the_due_date_earlier(received, specs, extended):
    extension = 20 if extended else 0
    paused = reply_deadline(received, pauses=pauses_from(received, specs), extension_days=extension)
    assert paused.due >= reply_deadline(received, extension_days=extension).due


@given(receipts, pause_specs, st.integers(0, 20))
def test_the_engine_agrees_with_a_day_by_day_count(received, specs, extension):
    pauses = pauses_from(received, specs)
    deadline = reply_deadline(received, pauses=pauses, extension_days=extension)
    assert deadline.due == naive_due(received, pauses, 20 + extension)


@given(receipts)
def test_the_extension_adds_exactly_twenty_working_days(received):
    plain = reply_deadline(received)
    extended = reply_deadline(received, extension_days=20)
    assert PROVISIONAL_CALENDAR.working_days_between(plain.due, extended.due).days == 20
    assert extended.working_days == plain.working_days + 20


@given(receipts, st.integers(0, 15))
def test_a_correction_is_like_receiving_the_request_on_the_corrected_date(received, later):
    corrected = received + timedelta(days=later)
    assume(corrected <= D(2027, 12, 31))
    assert reply_deadline(received, corrected=corrected).due == reply_deadline(corrected).due


@given(receipts, st.dates(min_value=D(2013, 1, 1), max_value=D(2028, 6, 30)))
def test_days_left_are_positive_before_the_due_date_zero_on_it_and_negative_after(received, today):
    due = reply_deadline(received).due
    left = working_days_left(due, today).days
    assert (left > 0, left == 0, left < 0) == (today < due, today == due, today > due)
