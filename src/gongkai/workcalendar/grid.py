"""A year laid out as twelve month grids, for checking an arrangement against its notice (pure)."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Protocol

from gongkai.workdays import Holiday


class DayCalendar(Protocol):
    """What the grid asks of a calendar (both Calendar and ProvisionalCalendar answer it)."""

    def holiday(self, d: date) -> Holiday | None: ...

    def is_makeup_day(self, d: date) -> bool: ...


class DayKind(Enum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # announced day off (休)
    MAKEUP = "makeup"  # Saturday or Sunday announced as a working day (班)

    @property
    def label(self) -> str:
        return {
            DayKind.WORKDAY: "工作日",
            DayKind.WEEKEND: "周末休息",
            DayKind.HOLIDAY: "放假",
            DayKind.MAKEUP: "调休上班",
        }[self]

    @property
    def mark(self) -> str:
        return {DayKind.HOLIDAY: "休", DayKind.MAKEUP: "班"}.get(self, "")


@dataclass(frozen=True)
class Day:
    day: date
    kind: DayKind
    holiday_name: str = ""

    @property
    def is_working(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)

    @property
    def description(self) -> str:
        """What a screen reader says after the date, e.g. ``春节 放假``."""
        if self.kind is DayKind.HOLIDAY:
            return f"{self.holiday_name} 放假"
        return self.kind.label


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: tuple[tuple[Day | None, ...], ...]  # Monday first; None outside the month

    @property
    def days(self) -> tuple[Day, ...]:
        return tuple(d for week in self.weeks for d in week if d is not None)


@dataclass(frozen=True)
class YearGrid:
    year: int
    months: tuple[Month, ...]

    @property
    def days(self) -> tuple[Day, ...]:
        return tuple(d for m in self.months for d in m.days)

    @property
    def working_days(self) -> int:
        return sum(d.is_working for d in self.days)

    @property
    def days_off(self) -> int:
        return sum(not d.is_working for d in self.days)


def classify(calendar: DayCalendar, d: date) -> Day:
    holiday = calendar.holiday(d)
    if holiday is not None:
        return Day(d, DayKind.HOLIDAY, holiday.name)
    if calendar.is_makeup_day(d):
        return Day(d, DayKind.MAKEUP)
    return Day(d, DayKind.WEEKEND if d.weekday() >= 5 else DayKind.WORKDAY)


def year_grid(calendar: DayCalendar, year: int) -> YearGrid:
    """Every day of ``year`` as the calendar has it, month by month, weeks from Monday."""
    months = []
    for month in range(1, 13):
        first = date(year, month, 1)
        length = _calendar.monthrange(year, month)[1]
        cells: list[Day | None] = [None] * first.weekday()
        cells += [classify(calendar, first + timedelta(days=i)) for i in range(length)]
        cells += [None] * (-len(cells) % 7)
        weeks = tuple(tuple(cells[i : i + 7]) for i in range(0, len(cells), 7))
        months.append(Month(year, month, weeks))
    return YearGrid(year, tuple(months))


__all__ = ["Day", "DayCalendar", "DayKind", "Month", "YearGrid", "classify", "year_grid"]
