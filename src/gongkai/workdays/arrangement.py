"""One year's holiday arrangement (放假调休安排) as the State Council announces it.

A notice (国务院办公厅关于XXXX年部分节假日安排的通知) lists, per festival, the days off
("X月X日至X日放假调休，共N天") and the weekend days that become working days
("X月X日（星期六）上班"). :class:`Holiday` is one such item, :class:`YearArrangement` one
year's notice (plus any later notice that changed it). Both are plain, immutable values so that
the data module reads like the notices themselves and an operator can build a new year from
configuration.

Span convention: a holiday's ``first``..``last`` is exactly the span the notice names —
"2月10日至17日放假调休" is 02-10..02-17; "4月5日放假，4月7日（星期一）补休" is 04-05..04-07;
"6月10日放假，与周末连休" is 06-10 alone (the adjoining ordinary weekend is not named by the
notice, and as a weekend it is a day off anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY, SUNDAY = 5, 6


class CalendarDataError(ValueError):
    """The holiday data contradicts itself or the shape every notice has."""


@dataclass(frozen=True)
class Holiday:
    """A festival's span of days off, named as in the notice (e.g. 春节, 中秋节、国庆节)."""

    name: str
    first: date
    last: date

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise CalendarDataError("A holiday needs a name.")
        if self.last < self.first:
            raise CalendarDataError(f"{self.name}: last day {self.last} is before {self.first}.")

    @property
    def length(self) -> int:
        """Calendar days in the span (the notice's 共N天 where it states one)."""
        return (self.last - self.first).days + 1

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.first + timedelta(days=i) for i in range(self.length))


HolidayLike = Holiday | tuple[str, date, date]


def as_holiday(value: HolidayLike) -> Holiday:
    """Accept a :class:`Holiday` or a ``(name, first, last)`` tuple read from configuration."""
    if isinstance(value, Holiday):
        return value
    name, first, last = value
    return Holiday(name, first, last)


@dataclass(frozen=True)
class YearArrangement:
    """The days off and make-up working days (调休上班) the notice(s) for ``year`` announce.

    ``notices`` are the document numbers the data comes from (国办发明电〔2023〕7号 …), so a
    deadline can say on what it rests.
    """

    year: int
    holidays: tuple[Holiday, ...]
    makeup_days: tuple[date, ...]
    notices: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        year: int,
        holidays: Iterable[HolidayLike],
        makeup_days: Iterable[date],
        notices: Iterable[str] = (),
    ) -> YearArrangement:
        return cls(
            year=year,
            holidays=tuple(as_holiday(h) for h in holidays),
            makeup_days=tuple(sorted(set(makeup_days))),
            notices=tuple(notices),
        )

    def __post_init__(self) -> None:
        self.validate()

    @property
    def off_days(self) -> frozenset[date]:
        return frozenset(d for h in self.holidays for d in h.days)

    def validate(self) -> None:
        """Reject data no notice could contain; a wrong day would be a wrong legal deadline."""
        year = self.year
        # The 元旦 holiday of ``year`` can begin in the previous December
        # (2023: "2022年12月31日至2023年1月2日"), and so can its make-up day
        # (2019: "2018年12月29日（星期六）上班"). Nothing else leaves the year.
        december_before = date(year - 1, 12, 1)
        seen: dict[date, str] = {}
        for h in self.holidays:
            in_year = h.first.year == year and h.last.year == year
            new_year_from_december = (
                h.name == "元旦" and h.first >= december_before and h.last.year == year
            )
            if not (in_year or new_year_from_december):
                raise CalendarDataError(
                    f"{year}: {h.name} {h.first}..{h.last} lies outside the year "
                    "(only 元旦 may begin in the previous December)."
                )
            for d in h.days:
                if d in seen:
                    raise CalendarDataError(f"{year}: {d} is in both {seen[d]} and {h.name}.")
                seen[d] = h.name
        for d in self.makeup_days:
            if d.weekday() not in (SATURDAY, SUNDAY):
                raise CalendarDataError(
                    f"{year}: make-up working day {d} is a weekday; "
                    "a notice only ever turns a Saturday or Sunday into a working day."
                )
            if not (december_before <= d <= date(year, 12, 31)):
                raise CalendarDataError(f"{year}: make-up working day {d} lies outside the year.")
            if d in seen:
                raise CalendarDataError(
                    f"{year}: {d} is both a day off ({seen[d]}) and a make-up working day."
                )
