"""Statutory deadlines counted by hand from the notices (条例 Art. 26, 30, 33).

Each case is counted in its comment: the day of receipt is not counted, days off are skipped,
make-up Saturdays/Sundays (调休上班) count.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.workdays import add_working_days, holiday_name, is_working_day, working_days_between

D = date

HAND_COUNTED = [
    pytest.param(
        # 2024 春节 2/10–2/17 off, 2/4 and 2/18 (Sundays) worked.
        # 2/9 Fri (1); 2/18 Sun (2); 2/19–2/23 (3–7); 2/26–3/1 (8–12); 3/4–3/8 (13–17);
        # 3/11 (18), 3/12 (19), 3/13 (20).
        D(2024, 2, 8),
        20,
        D(2024, 3, 13),
        id="2024-02-08 + 20 across Spring Festival",
    ),
    pytest.param(
        # 2023 中秋节、国庆节 9/29–10/6 off, 10/7 Sat and 10/8 Sun worked.
        # 9/28 Thu (1); 10/7 Sat (2); 10/8 Sun (3); 10/9–10/13 (4–8); 10/16–10/20 (9–13);
        # 10/23–10/27 (14–18); 10/30 (19), 10/31 (20).
        D(2023, 9, 27),
        20,
        D(2023, 10, 31),
        id="2023-09-27 + 20 across National Day",
    ),
    pytest.param(
        # 2025 春节 1/28–2/4 off (8 days under 国务院令第795号), 1/26 Sun and 2/8 Sat worked.
        # 1/26 Sun (1); 1/27 Mon (2); 2/5–2/7 (3–5); 2/8 Sat (6); 2/10–2/14 (7–11);
        # 2/17–2/21 (12–16); 2/24 (17) … 2/27 (20).
        D(2025, 1, 24),
        20,
        D(2025, 2, 27),
        id="2025-01-24 + 20 across Spring Festival",
    ),
    pytest.param(
        # Art. 30 补正, 7 working days. 2020 春节 extended to 2/2 (国办发明电〔2020〕1号):
        # 1/24–2/2 off, 2/1 Sat no longer worked. 2/3–2/7 (1–5); 2/10 (6), 2/11 (7).
        D(2020, 1, 23),
        7,
        D(2020, 2, 11),
        id="2020-01-23 + 7 with the epidemic extension",
    ),
    pytest.param(
        # 2019 劳动节 as changed by 国办发明电〔2019〕3号: 5/1–5/4 off, 4/28 and 5/5 (Sundays)
        # worked. 4/28 Sun (1); 4/29 (2); 4/30 (3); 5/5 Sun (4); 5/6 Mon (5).
        D(2019, 4, 26),
        5,
        D(2019, 5, 6),
        id="2019-04-26 + 5 across the changed Labour Day",
    ),
    pytest.param(
        # The 2019 notice made Saturday 2018-12-29 a working day.
        D(2018, 12, 28),
        1,
        D(2018, 12, 29),
        id="2018-12-28 + 1 is the make-up Saturday",
    ),
    pytest.param(
        # 12/29 Sat (1); 2018-12-30 … 2019-01-01 off; 1/2 Wed (2).
        D(2018, 12, 28),
        2,
        D(2019, 1, 2),
        id="2018-12-28 + 2 crosses into 2019",
    ),
    pytest.param(
        # 2015 胜利70周年纪念日 (国发明电〔2015〕1号): 9/3–9/5 off, 9/6 Sun worked.
        # 9/6 Sun (1); 9/7 Mon (2); 9/8 Tue (3).
        D(2015, 9, 2),
        3,
        D(2015, 9, 8),
        id="2015-09-02 + 3 across the Victory Day holiday",
    ),
    pytest.param(
        # 2026: 9/20 Sun worked (国庆节); 中秋节 9/25–9/27 off; 国庆节 10/1–10/7 off; 10/10 Sat
        # worked. 9/20 (1); 9/21–9/24 (2–5); 9/28–9/30 (6–8); 10/8 (9); 10/9 (10);
        # 10/10 Sat (11); 10/12–10/16 (12–16); 10/19 (17) … 10/22 (20).
        D(2026, 9, 18),
        20,
        D(2026, 10, 22),
        id="2026-09-18 + 20 across Mid-Autumn and National Day",
    ),
    pytest.param(
        # 2026 春节 2/15–2/23 off (9 days), 2/14 and 2/28 (Saturdays) worked.
        # 2/14 Sat (1); 2/24–2/27 (2–5); 2/28 Sat (6); 3/2–3/6 (7–11); 3/9–3/13 (12–16);
        # 3/16 (17) … 3/19 (20).
        D(2026, 2, 13),
        20,
        D(2026, 3, 19),
        id="2026-02-13 + 20 across Spring Festival",
    ),
    pytest.param(
        # 2023 元旦 2022-12-31 … 2023-01-02 off (set by the 2023 notice); 1/3 Tue (1).
        D(2022, 12, 30),
        1,
        D(2023, 1, 3),
        id="2022-12-30 + 1 skips the 2023 New Year",
    ),
    pytest.param(
        # 2017: 9/30 Sat worked (1); 中秋节、国庆节 10/1–10/8 off; 10/9 Mon (2).
        D(2017, 9, 29),
        2,
        D(2017, 10, 9),
        id="2017-09-29 + 2 across the 8-day Golden Week",
    ),
    pytest.param(
        # Receipt on a day off: the receipt day is not counted whatever it is.
        # 10/4–10/7 off; 10/8 Tue (1).
        D(2024, 10, 3),
        1,
        D(2024, 10, 8),
        id="2024-10-03 (a holiday) + 1",
    ),
    pytest.param(
        # Receipt on a make-up Saturday: 10/13 Sun is off; 10/14 Mon (1).
        D(2024, 10, 12),
        1,
        D(2024, 10, 14),
        id="2024-10-12 (a make-up Saturday) + 1",
    ),
    pytest.param(
        # 2014 清明节: 4/5 off, 4/7 (Monday) 补休; 4/8 Tue (1).
        D(2014, 4, 4),
        1,
        D(2014, 4, 8),
        id="2014-04-04 + 1 skips the Monday in lieu",
    ),
    pytest.param(
        # 2013: 10/12 Sat worked (国庆节).
        D(2013, 10, 11),
        1,
        D(2013, 10, 12),
        id="2013-10-11 + 1 is the make-up Saturday",
    ),
    pytest.param(
        # Art. 33 extended: 20 + 20. From 2024-03-13 (the 20th, above): 3/14–3/15 (1–2);
        # 3/18–3/22 (3–7); 3/25–3/29 (8–12); 4/1–4/3 (13–15); 清明节 4/4–4/6 off;
        # 4/7 Sun (16); 4/8–4/11 (17–20).
        D(2024, 2, 8),
        40,
        D(2024, 4, 11),
        id="2024-02-08 + 40 for an extended reply",
    ),
    pytest.param(
        # Art. 26, 20 working days. 2021: 9/18 Sat worked (中秋节), 9/19–9/21 off,
        # 9/26 Sun worked, 10/1–10/7 off, 10/9 Sat worked.
        # 9/17 (1); 9/18 Sat (2); 9/22–9/24 (3–5); 9/26 Sun (6); 9/27–9/30 (7–10); 10/8 (11);
        # 10/9 Sat (12); 10/11–10/15 (13–17); 10/18 (18) … 10/20 (20).
        D(2021, 9, 16),
        20,
        D(2021, 10, 20),
        id="2021-09-16 + 20 for proactive disclosure",
    ),
]


@pytest.mark.parametrize(("received", "n", "deadline"), HAND_COUNTED)
def test_the_deadline_is_the_nth_working_day_after_receipt(received, n, deadline):
    assert add_working_days(received, n) == deadline


@pytest.mark.parametrize(("received", "n", "deadline"), HAND_COUNTED)
def test_counting_working_days_up_to_the_deadline_gives_back_n(received, n, deadline):
    assert working_days_between(received, deadline) == n


def test_a_reply_a_week_after_the_deadline_is_five_working_days_late():
    deadline = add_working_days(D(2024, 2, 8), 20)  # 2024-03-13
    assert working_days_between(deadline, D(2024, 3, 20)) == 5


def test_a_reply_on_the_deadline_is_not_late():
    assert working_days_between(D(2024, 3, 13), D(2024, 3, 13)) == 0


def test_zero_working_days_after_receipt_is_the_day_of_receipt():
    assert add_working_days(D(2024, 10, 3), 0) == D(2024, 10, 3)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2024, 3, 1), -1)


@pytest.mark.parametrize(
    "day",
    [
        D(2025, 1, 26),  # Sunday, 春节 make-up day
        D(2024, 9, 29),  # Sunday, 国庆节 make-up day
        D(2024, 10, 12),  # Saturday, 国庆节 make-up day
        D(2020, 1, 19),  # Sunday, 春节 make-up day kept by the extension
        D(2018, 12, 29),  # Saturday, set by the 2019 notice
        D(2015, 9, 6),  # Sunday, 胜利70周年纪念日 make-up day
        D(2024, 3, 13),  # an ordinary Wednesday
    ],
)
def test_make_up_weekend_days_and_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        *(D(2024, 10, d) for d in range(1, 8)),  # 国庆节 2024
        D(2020, 1, 31),  # Friday, added by 国办发明电〔2020〕1号
        D(2020, 2, 1),  # Saturday, its make-up day lapsed with the extension
        D(2018, 12, 31),  # Monday, set by the 2019 notice
        D(2015, 9, 4),  # Friday, 胜利70周年纪念日 调休
        D(2014, 4, 7),  # Monday, 清明节 补休
        D(2024, 3, 16),  # an ordinary Saturday
    ],
)
def test_holiday_days_off_and_ordinary_weekends_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2024, 2, 12), "春节"),
        (D(2023, 10, 1), "中秋节、国庆节"),
        (D(2025, 10, 6), "国庆节、中秋节"),
        (D(2022, 12, 31), "元旦"),  # the 2023 元旦 begins in 2022
        (D(2020, 2, 2), "春节"),  # the extension is part of 春节
        (D(2015, 9, 3), "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
        (D(2024, 6, 10), "端午节"),
    ],
)
def test_a_day_off_is_named_after_its_festival(day, name):
    assert holiday_name(day) == name


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 2, 18),  # a make-up Sunday
        D(2024, 3, 13),  # an ordinary weekday
        D(2024, 6, 8),  # the weekend joined to 端午节 ("与周末连休") is not named by the notice
    ],
)
def test_days_outside_an_announced_holiday_span_have_no_holiday_name(day):
    assert holiday_name(day) is None
