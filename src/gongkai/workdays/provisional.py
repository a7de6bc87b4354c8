"""Working days that may run past the last State Council notice, marked provisional.

The official :class:`~.working_days.Calendar` refuses a year whose notice has not been entered
(:class:`~.working_days.CalendarYearUnknown`): a request received in December 2026 is due in
January 2027, before the 2027 notice exists. A :class:`ProvisionalCalendar` answers anyway, by
filling each such year with the days off the 放假办法 itself fixes (:mod:`.statutory`:
weekends, the Art. 2 holidays and Art. 6 补假, no make-up working days), and says so: every
count it makes comes back with ``provisional=True`` when any day it counted lies in a filled
year. Callers must show that flag wherever they show the date — a provisional deadline is a
forecast, not the legal deadline, and changes when the notice is entered.

Opting in is explicit; the functions of :mod:`.working_days` keep refusing unknown years::

    from gongkai.workdays import PROVISIONAL_CALENDAR, deadline_after

    deadline_after(date(2026, 12, 15), 20)
    # WorkingDayResult(day=date(2027, 1, 13), provisional=True)
    DEFAULT_CALENDAR.provisional()  # the same calendar; Calendar(...).provisional() for others

Years the statutory rules do not cover (before 2008, after 2099) still raise
:class:`~.working_days.CalendarYearUnknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from threading import Lock
from typing import TYPE_CHECKING, TypeVar

from .arrangement import Holiday, YearArrangement
from .statutory import FIRST_STATUTORY_YEAR, LAST_STATUTORY_YEAR, provisional_arrangement
from .working_days import DEFAULT_CALENDAR, Calendar, CalendarYearUnknown

if TYPE_CHECKING:
    from collections.abc import Callable

ONE_DAY = timedelta(days=1)
T = TypeVar("T")


@dataclass(frozen=True)
class WorkingDayResult:
    """A date found by counting working days, and whether the count used a provisional year."""

    day: date
    provisional: bool


@dataclass(frozen=True)
class WorkingDayCount:
    """A number of working days, and whether any day counted lies in a provisional year."""

    days: int
    provisional: bool


class ProvisionalCalendar:
    """An official calendar whose missing years are filled provisionally from the 放假办法.

    Same questions as :class:`~.working_days.Calendar`; the counting ones answer with a
    :class:`WorkingDayResult` / :class:`WorkingDayCount` that carries the provisional flag, and
    :meth:`is_provisional` tells whether a single day's answer is a forecast. Immutable from the
    outside and safe to share between threads: filled years are added under a lock to an
    internal calendar that is itself immutable.
    """

    def __init__(self, official: Calendar) -> None:
        self._official = official
        self._official_years = frozenset(official.years)
        self._filled = official  # official years plus every provisional year needed so far
        self._lock = Lock()

    @property
    def official(self) -> Calendar:
        """The calendar of the notices, without any provisional year."""
        return self._official

    def is_provisional(self, d: date) -> bool:
        """Whether ``d`` lies in a year without a notice (its answers are a forecast)."""
        return d.year not in self._official_years

    def provisional_years(self, start: date, end: date) -> tuple[int, ...]:
        """The years without a notice among the days ``d`` with ``start < d <= end``."""
        if end <= start:
            return ()
        first = (start + ONE_DAY).year
        return tuple(y for y in range(first, end.year + 1) if y not in self._official_years)

    def arrangement(self, year: int) -> YearArrangement:
        """The notice's arrangement, or the provisional one built from the 放假办法."""
        return self._ask(lambda c: c.arrangement(year))

    # -- single days ----------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        return self._ask(lambda c: c.is_working_day(d))

    def is_makeup_day(self, d: date) -> bool:
        return self._ask(lambda c: c.is_makeup_day(d))

    def holiday(self, d: date) -> Holiday | None:
        return self._ask(lambda c: c.holiday(d))

    def holiday_name(self, d: date) -> str | None:
        return self._ask(lambda c: c.holiday_name(d))

    # -- counting -------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> WorkingDayResult:
        """The ``n``-th working day after ``start`` (see ``Calendar.add_working_days``),
        provisional if any day counted lies in a year without a notice."""
        day = self._ask(lambda c: c.add_working_days(start, n))
        return WorkingDayResult(day, bool(self.provisional_years(start, day)))

    def working_days_between(self, start: date, end: date) -> WorkingDayCount:
        """Working days ``d`` with ``start < d <= end`` (0 if ``end <= start``), provisional if
        any of those days lies in a year without a notice."""
        days = self._ask(lambda c: c.working_days_between(start, end))
        return WorkingDayCount(days, bool(self.provisional_years(start, end)))

    # -- internals ------------------------------------------------------------------------

    def _ask(self, question: Callable[[Calendar], T]) -> T:
        """Answer on the filled calendar, filling each unknown year the question runs into."""
        while True:
            calendar = self._filled
            try:
                return question(calendar)
            except CalendarYearUnknown as unknown:
                if not self._can_fill(unknown.year):
                    raise
                self._fill(unknown.year)

    def _can_fill(self, year: int) -> bool:
        return (
            year not in self._official_years and FIRST_STATUTORY_YEAR <= year <= LAST_STATUTORY_YEAR
        )

    def _fill(self, year: int) -> None:
        filled = provisional_arrangement(year)
        with self._lock:
            if year in self._filled.years:  # another thread was quicker
                return
            self._filled = self._filled.with_year(
                year, filled.holidays, filled.makeup_days, filled.notices
            )

    def __repr__(self) -> str:
        return f"<ProvisionalCalendar over {self._official!r}>"


#: The official calendar of the notices (:data:`~.working_days.DEFAULT_CALENDAR`), filled.
PROVISIONAL_CALENDAR = DEFAULT_CALENDAR.provisional()


def deadline_after(start: date, n: int) -> WorkingDayResult:
    """The ``n``-th working day after ``start`` on :data:`PROVISIONAL_CALENDAR`: the statutory
    deadline, with ``provisional=True`` when it rests on a year without a notice."""
    return PROVISIONAL_CALENDAR.add_working_days(start, n)


__all__ = [
    "PROVISIONAL_CALENDAR",
    "ProvisionalCalendar",
    "WorkingDayCount",
    "WorkingDayResult",
    "deadline_after",
]
