"""The transcribed notices, year by year, against a second transcription of the notice text.

EXPECTED is typed again from the notices (not generated from the data module): each holiday with
the span the notice names and its length (the notice's 共N天 where it states one), and the
make-up working days (调休上班) in date order.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.workdays import DEFAULT_CALENDAR, FIRST_YEAR, LAST_YEAR

# year: (notice numbers, [(holiday, first, last, days)], "make-up days, MM-DD in the year")
EXPECTED: dict[int, tuple[tuple[str, ...], list[tuple[str, str, str, int]], str]] = {
    2013: (
        ("国办发明电〔2012〕33号",),
        [
            ("元旦", "2013-01-01", "2013-01-03", 3),
            ("春节", "2013-02-09", "2013-02-15", 7),
            ("清明节", "2013-04-04", "2013-04-06", 3),
            ("劳动节", "2013-04-29", "2013-05-01", 3),
            ("端午节", "2013-06-10", "2013-06-12", 3),
            ("中秋节", "2013-09-19", "2013-09-21", 3),
            ("国庆节", "2013-10-01", "2013-10-07", 7),
        ],
        "01-05 01-06 02-16 02-17 04-07 04-27 04-28 06-08 06-09 09-22 09-29 10-12",
    ),
    2014: (
        ("国办发明电〔2013〕28号",),
        [
            ("元旦", "2014-01-01", "2014-01-01", 1),
            ("春节", "2014-01-31", "2014-02-06", 7),
            ("清明节", "2014-04-05", "2014-04-07", 3),  # 4/5 放假, 4/7 补休
            ("劳动节", "2014-05-01", "2014-05-03", 3),
            ("端午节", "2014-06-02", "2014-06-02", 1),
            ("中秋节", "2014-09-08", "2014-09-08", 1),
            ("国庆节", "2014-10-01", "2014-10-07", 7),
        ],
        "01-26 02-08 05-04 09-28 10-11",
    ),
    2015: (
        ("国办发明电〔2014〕28号", "国发明电〔2015〕1号"),
        [
            ("元旦", "2015-01-01", "2015-01-03", 3),
            ("春节", "2015-02-18", "2015-02-24", 7),
            ("清明节", "2015-04-05", "2015-04-06", 2),
            ("劳动节", "2015-05-01", "2015-05-01", 1),
            ("端午节", "2015-06-20", "2015-06-22", 3),  # 6/20 放假, 6/22 补休
            ("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日", "2015-09-03", "2015-09-05", 3),
            ("中秋节", "2015-09-27", "2015-09-27", 1),
            ("国庆节", "2015-10-01", "2015-10-07", 7),
        ],
        "01-04 02-15 02-28 09-06 10-10",
    ),
    2016: (
        ("国办发明电〔2015〕18号",),
        [
            ("元旦", "2016-01-01", "2016-01-01", 1),
            ("春节", "2016-02-07", "2016-02-13", 7),
            ("清明节", "2016-04-04", "2016-04-04", 1),
            ("劳动节", "2016-05-01", "2016-05-02", 2),
            ("端午节", "2016-06-09", "2016-06-11", 3),
            ("中秋节", "2016-09-15", "2016-09-17", 3),
            ("国庆节", "2016-10-01", "2016-10-07", 7),
        ],
        "02-06 02-14 06-12 09-18 10-08 10-09",
    ),
    2017: (
        ("国办发明电〔2016〕17号",),
        [
            ("元旦", "2017-01-01", "2017-01-02", 2),
            ("春节", "2017-01-27", "2017-02-02", 7),
            ("清明节", "2017-04-02", "2017-04-04", 3),
            ("劳动节", "2017-05-01", "2017-05-01", 1),
            ("端午节", "2017-05-28", "2017-05-30", 3),
            ("中秋节、国庆节", "2017-10-01", "2017-10-08", 8),
        ],
        "01-22 02-04 04-01 05-27 09-30",
    ),
    2018: (
        ("国办发明电〔2017〕12号",),
        [
            ("元旦", "2018-01-01", "2018-01-01", 1),
            ("春节", "2018-02-15", "2018-02-21", 7),
            ("清明节", "2018-04-05", "2018-04-07", 3),
            ("劳动节", "2018-04-29", "2018-05-01", 3),
            ("端午节", "2018-06-18", "2018-06-18", 1),
            ("中秋节", "2018-09-24", "2018-09-24", 1),
            ("国庆节", "2018-10-01", "2018-10-07", 7),
        ],
        "02-11 02-24 04-08 04-28 09-29 09-30",
    ),
    2019: (
        ("国办发明电〔2018〕15号", "国办发明电〔2019〕3号"),
        [
            ("元旦", "2018-12-30", "2019-01-01", 3),
            ("春节", "2019-02-04", "2019-02-10", 7),
            ("清明节", "2019-04-05", "2019-04-05", 1),
            ("劳动节", "2019-05-01", "2019-05-04", 4),
            ("端午节", "2019-06-07", "2019-06-07", 1),
            ("中秋节", "2019-09-13", "2019-09-13", 1),
            ("国庆节", "2019-10-01", "2019-10-07", 7),
        ],
        "2018-12-29 02-02 02-03 04-28 05-05 09-29 10-12",
    ),
    2020: (
        ("国办发明电〔2019〕16号", "国办发明电〔2020〕1号"),
        [
            ("元旦", "2020-01-01", "2020-01-01", 1),
            ("春节", "2020-01-24", "2020-02-02", 10),  # 7 days, extended to 2/2
            ("清明节", "2020-04-04", "2020-04-06", 3),
            ("劳动节", "2020-05-01", "2020-05-05", 5),
            ("端午节", "2020-06-25", "2020-06-27", 3),
            ("国庆节、中秋节", "2020-10-01", "2020-10-08", 8),
        ],
        "01-19 04-26 05-09 06-28 09-27 10-10",
    ),
    2021: (
        ("国办发明电〔2020〕27号",),
        [
            ("元旦", "2021-01-01", "2021-01-03", 3),
            ("春节", "2021-02-11", "2021-02-17", 7),
            ("清明节", "2021-04-03", "2021-04-05", 3),
            ("劳动节", "2021-05-01", "2021-05-05", 5),
            ("端午节", "2021-06-12", "2021-06-14", 3),
            ("中秋节", "2021-09-19", "2021-09-21", 3),
            ("国庆节", "2021-10-01", "2021-10-07", 7),
        ],
        "02-07 02-20 04-25 05-08 09-18 09-26 10-09",
    ),
    2022: (
        ("国办发明电〔2021〕11号",),
        [
            ("元旦", "2022-01-01", "2022-01-03", 3),
            ("春节", "2022-01-31", "2022-02-06", 7),
            ("清明节", "2022-04-03", "2022-04-05", 3),
            ("劳动节", "2022-04-30", "2022-05-04", 5),
            ("端午节", "2022-06-03", "2022-06-05", 3),
            ("中秋节", "2022-09-10", "2022-09-12", 3),
            ("国庆节", "2022-10-01", "2022-10-07", 7),
        ],
        "01-29 01-30 04-02 04-24 05-07 10-08 10-09",
    ),
    2023: (
        ("国办发明电〔2022〕16号",),
        [
            ("元旦", "2022-12-31", "2023-01-02", 3),
            ("春节", "2023-01-21", "2023-01-27", 7),
            ("清明节", "2023-04-05", "2023-04-05", 1),
            ("劳动节", "2023-04-29", "2023-05-03", 5),
            ("端午节", "2023-06-22", "2023-06-24", 3),
            ("中秋节、国庆节", "2023-09-29", "2023-10-06", 8),
        ],
        "01-28 01-29 04-23 05-06 06-25 10-07 10-08",
    ),
    2024: (
        ("国办发明电〔2023〕7号",),
        [
            ("元旦", "2024-01-01", "2024-01-01", 1),
            ("春节", "2024-02-10", "2024-02-17", 8),
            ("清明节", "2024-04-04", "2024-04-06", 3),
            ("劳动节", "2024-05-01", "2024-05-05", 5),
            ("端午节", "2024-06-10", "2024-06-10", 1),
            ("中秋节", "2024-09-15", "2024-09-17", 3),
            ("国庆节", "2024-10-01", "2024-10-07", 7),
        ],
        "02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12",
    ),
    2025: (
        ("国办发明电〔2024〕12号",),
        [
            ("元旦", "2025-01-01", "2025-01-01", 1),
            ("春节", "2025-01-28", "2025-02-04", 8),
            ("清明节", "2025-04-04", "2025-04-06", 3),
            ("劳动节", "2025-05-01", "2025-05-05", 5),
            ("端午节", "2025-05-31", "2025-06-02", 3),
            ("国庆节、中秋节", "2025-10-01", "2025-10-08", 8),
        ],
        "01-26 02-08 04-27 09-28 10-11",
    ),
    2026: (
        ("国办发明电〔2025〕7号",),
        [
            ("元旦", "2026-01-01", "2026-01-03", 3),
            ("春节", "2026-02-15", "2026-02-23", 9),
            ("清明节", "2026-04-04", "2026-04-06", 3),
            ("劳动节", "2026-05-01", "2026-05-05", 5),
            ("端午节", "2026-06-19", "2026-06-21", 3),
            ("中秋节", "2026-09-25", "2026-09-27", 3),
            ("国庆节", "2026-10-01", "2026-10-07", 7),
        ],
        "01-04 02-14 02-28 05-09 09-20 10-10",
    ),
}

# Working days per calendar year, as counted from this calendar and confirmed day by day against
# two independent open data sets (NateScarlet/holiday-cn and LKI/chinese-calendar).
WORKING_DAYS_PER_YEAR = {
    2013: 250, 2014: 250, 2015: 249, 2016: 250, 2017: 249, 2018: 250, 2019: 250,
    2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248,
}  # fmt: skip

YEARS = sorted(EXPECTED)


def test_the_calendar_covers_2013_through_2026():
    assert (FIRST_YEAR, LAST_YEAR) == (2013, 2026)
    assert DEFAULT_CALENDAR.years == tuple(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_each_year_cites_its_notices(year):
    assert DEFAULT_CALENDAR.arrangement(year).notices == EXPECTED[year][0]


@pytest.mark.parametrize("year", YEARS)
def test_each_holiday_has_the_span_and_number_of_days_the_notice_announces(year):
    actual = [
        (h.name, h.first.isoformat(), h.last.isoformat(), h.length)
        for h in DEFAULT_CALENDAR.arrangement(year).holidays
    ]
    assert actual == EXPECTED[year][1]


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_the_make_up_working_days_the_notice_announces(year):
    expected = [d if len(d) == 10 else f"{year}-{d}" for d in EXPECTED[year][2].split()]
    actual = [d.isoformat() for d in DEFAULT_CALENDAR.arrangement(year).makeup_days]
    assert actual == expected


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_the_independently_confirmed_number_of_working_days(year):
    first, last = date(year, 1, 1), date(year, 12, 31)
    day_by_day = sum(
        DEFAULT_CALENDAR.is_working_day(first + timedelta(days=i))
        for i in range((last - first).days + 1)
    )
    # working_days_between excludes its start, so add 1 January back in.
    counted = DEFAULT_CALENDAR.working_days_between(first, last) + DEFAULT_CALENDAR.is_working_day(
        first
    )
    assert day_by_day == counted == WORKING_DAYS_PER_YEAR[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_from_2025_spring_festival_is_longer_under_decree_795(year):
    spring = next(h for h in DEFAULT_CALENDAR.arrangement(year).holidays if h.name == "春节")
    # 春节 now has 4 statutory days; with the adjoining weekends the break is 8 days or more.
    assert spring.length >= 8


def test_no_day_is_both_a_day_off_and_a_make_up_working_day():
    off = {d for y in YEARS for h in DEFAULT_CALENDAR.arrangement(y).holidays for d in h.days}
    makeup = {d for y in YEARS for d in DEFAULT_CALENDAR.arrangement(y).makeup_days}
    assert not off & makeup


def test_no_day_belongs_to_two_holidays():
    days = [d for y in YEARS for h in DEFAULT_CALENDAR.arrangement(y).holidays for d in h.days]
    assert len(days) == len(set(days))


@pytest.mark.parametrize("year", YEARS)
def test_every_make_up_working_day_is_a_saturday_or_sunday(year):
    for d in DEFAULT_CALENDAR.arrangement(year).makeup_days:
        assert d.weekday() in (5, 6), d


@pytest.mark.parametrize("year", YEARS)
def test_every_holiday_falls_in_its_year_except_new_year_which_may_begin_in_december(year):
    for h in DEFAULT_CALENDAR.arrangement(year).holidays:
        assert h.last.year == year
        if h.first.year != year:
            assert h.name == "元旦"
            assert (h.first.year, h.first.month) == (year - 1, 12)


@pytest.mark.parametrize("year", YEARS)
def test_every_make_up_day_falls_in_its_year_or_the_december_before(year):
    for d in DEFAULT_CALENDAR.arrangement(year).makeup_days:
        assert d.year == year or (d.year, d.month) == (year - 1, 12)


@pytest.mark.parametrize("year", YEARS)
def test_every_year_has_the_seven_festivals(year):
    names = "".join(h.name for h in DEFAULT_CALENDAR.arrangement(year).holidays)
    for festival in ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"):
        assert festival in names
