"""The statutory holidays of 《全国年节及纪念日放假办法》, for years without a State Council notice.

The 放假办法 fixes which days are holidays (Art. 2) and that a holiday for all citizens falling
on a Saturday or Sunday is made up on a working day (Art. 6, "全体公民放假的假日，如果适逢周六、
周日，应当在工作日补假"). Each year's notice (:mod:`.notices`) then arranges the actual days off,
moving weekends around them (调休). Before that notice is published only the decree is known, so
:func:`provisional_arrangement` builds a *provisional* year from it:

* the Art. 2 holidays in force that year — from 2025, as amended by 国务院令第795号: 元旦 1 day
  (1月1日); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (the 清明 solar term); 劳动节 2
  days (5月1日、2日); 端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五); 国庆节 3 days
  (10月1日至3日). Earlier versions (国务院令第513号 from 2008, 第644号 from 2014) are kept so
  the rules can be checked against every notice since 2013;
* Art. 6: each statutory day that falls on a Saturday or Sunday — or on another festival's
  statutory day (中秋节 on 10月1日–3日) — is made up on the next Monday–Friday after the
  festival that is not already off (补假). This is how every notice since 2013 places a single
  补休 day (2014 清明节 "4月7日（星期一）补休", 2016 劳动节 "5月2日（星期一）补休"), and the
  resulting days off are a subset of the notice's in every year 2013–2026 except 2015, when the
  Sunday 中秋节 was made up inside the 国庆节 week instead (tests/workdays/test_provisional.py);
* no make-up working days (调休上班) and no bridging days: only the notice can say which
  weekends are worked, so a provisional year has the fewest days off the decree allows. A real
  notice usually adds days off (春节 "自农历除夕起放假调休8天"), so a provisional deadline is
  usually *earlier* than the final one — the safe side for the office that must answer.

Lunar dates and the 清明 solar term come from ``lunar_python`` (寿星天文历 algorithms, pure
Python, Beijing time), checked against the notices 2013–2026 (the tests) and, while this module
was written, against an independent table-based converter (lunardate 0.3.0), with which its
正月初一, 端午 and 中秋 agree in every year 2008–2099.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .arrangement import Holiday, YearArrangement

ONE_DAY = timedelta(days=1)

#: Years the decree rules below can build (国务院令第513号 took effect on 2008-01-01; the lunar
#: conversion was cross-checked up to 2099).
FIRST_STATUTORY_YEAR = 2008
LAST_STATUTORY_YEAR = 2099

SPRING_FESTIVAL = "春节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"


@dataclass(frozen=True)
class StatutoryRules:
    """One version of Art. 2 of the 放假办法 (the parts that changed over time)."""

    decree: str
    in_force_from: int  # 1 January of this year
    # 春节 days as offsets from 正月初一 (-1 is 农历除夕).
    spring_festival: tuple[int, ...]
    labour_days: int  # 5月1日, 2日 …


RULES: tuple[StatutoryRules, ...] = (
    # 春节 "农历除夕、正月初一、初二", 劳动节 "5月1日".
    StatutoryRules("国务院令第513号", 2008, (-1, 0, 1), 1),
    # 春节 "农历正月初一、初二、初三".
    StatutoryRules("国务院令第644号", 2014, (0, 1, 2), 1),
    # 春节 "农历除夕、正月初一至初三", 劳动节 "5月1日、2日".
    StatutoryRules("国务院令第795号", 2025, (-1, 0, 1, 2), 2),
)


def rules_for(year: int) -> StatutoryRules:
    """The version of the 放假办法 in force on 1 January of ``year``."""
    _check_year(year)
    return [r for r in RULES if r.in_force_from <= year][-1]


def _check_year(year: int) -> None:
    if not FIRST_STATUTORY_YEAR <= year <= LAST_STATUTORY_YEAR:
        raise ValueError(
            f"Statutory holidays are computed for {FIRST_STATUTORY_YEAR}–{LAST_STATUTORY_YEAR}, "
            f"not {year}."
        )


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """The Gregorian date of ``day`` of (non-leap) lunar ``month`` of lunar ``year``."""
    from lunar_python import Lunar  # imported on first use: most callers never need it

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def qingming(year: int) -> date:
    """The day (Beijing time) of the 清明 solar term in ``year`` — always 4月4日–6日."""
    from lunar_python import Solar

    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    day = date(term.getYear(), term.getMonth(), term.getDay())
    if not (day.year == year and day.month == 4 and 3 <= day.day <= 6):
        raise ValueError(f"清明 {year} computed as {day}, outside 4月3日–6日.")  # pragma: no cover
    return day


def statutory_days(year: int) -> tuple[tuple[str, tuple[date, ...]], ...]:
    """Art. 2's holidays for all citizens in ``year``: (festival, its statutory dates)."""
    rules = rules_for(year)
    new_year = lunar_to_solar(year, 1, 1)  # 正月初一
    return (
        ("元旦", (date(year, 1, 1),)),
        (SPRING_FESTIVAL, tuple(new_year + k * ONE_DAY for k in rules.spring_festival)),
        ("清明节", (qingming(year),)),
        ("劳动节", tuple(date(year, 5, d) for d in range(1, rules.labour_days + 1))),
        ("端午节", (lunar_to_solar(year, 5, 5),)),
        (MID_AUTUMN, (lunar_to_solar(year, 8, 15),)),
        (NATIONAL_DAY, (date(year, 10, 1), date(year, 10, 2), date(year, 10, 3))),
    )


@lru_cache(maxsize=256)
def provisional_arrangement(year: int) -> YearArrangement:
    """The days off of ``year`` from the 放假办法 alone (Art. 2 and 6): see the module docstring.

    Festivals whose spans overlap once made up (中秋节 on 10月1日–3日) become one holiday named
    like the notices name them ("中秋节、国庆节" / "国庆节、中秋节").
    """
    off: set[date] = set()
    spans: list[tuple[list[str], date, date]] = []
    # By first statutory day; 国庆节 first when 中秋节 falls on 10月1日 (the 2020 notice's order).
    festivals = sorted(statutory_days(year), key=lambda f: (f[1][0], f[0] != NATIONAL_DAY))
    for name, days in festivals:
        owed = 0
        for d in days:
            if d.weekday() < 5 and d not in off:
                off.add(d)
            else:
                owed += 1
        last = days[-1]
        cursor = last
        while owed:  # Art. 6 补假: the next weekdays after the festival that are not yet off
            cursor += ONE_DAY
            if cursor.weekday() < 5 and cursor not in off:
                off.add(cursor)
                last = cursor
                owed -= 1
        if spans and days[0] <= spans[-1][2]:
            names, first, previous_last = spans[-1]
            spans[-1] = ([*names, name], first, max(previous_last, last))
        else:
            spans.append(([name], days[0], last))
    return YearArrangement.build(
        year,
        holidays=(Holiday("、".join(names), first, last) for names, first, last in spans),
        makeup_days=(),
        notices=(f"《全国年节及纪念日放假办法》（{rules_for(year).decree}）",),
    )


__all__ = [
    "FIRST_STATUTORY_YEAR",
    "LAST_STATUTORY_YEAR",
    "RULES",
    "StatutoryRules",
    "lunar_to_solar",
    "provisional_arrangement",
    "qingming",
    "rules_for",
    "statutory_days",
]
