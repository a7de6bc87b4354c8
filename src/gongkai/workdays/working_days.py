"""Working days on the official calendar, for the statutory time limits of the Regulation.

《中华人民共和国政府信息公开条例》 (2019, State Council Decree 711) counts its time limits in
working days (工作日):

* Art. 26 — proactive information is disclosed within 20 working days of being formed or
  changed;
* Art. 30 — an unclear request is returned for correction (补正) within 7 working days of
  receipt;
* Art. 32 — a consulted third party answers within 15 working days;
* Art. 33 — a request is answered within 20 working days of receipt, extendable once by at
  most 20 working days.

The day of receipt is not counted: the deadline is the Nth working day *after* it
(:meth:`Calendar.add_working_days`). A working day is Monday to Friday, except the days off the
State Council General Office announces each year (国务院办公厅关于XXXX年部分节假日安排的通知),
and including the Saturdays and Sundays that notice turns into working days (调休上班). The
notices are transcribed in :mod:`.notices`.

A date in a year whose notice has not been entered raises :class:`CalendarYearUnknown` — never a
guess from weekends alone, because a guessed deadline is a wrong legal deadline. A caller that
must still show a date (a request received in December of the last entered year) opts in to a
forecast with :meth:`Calendar.provisional` or :func:`.provisional.deadline_after`, whose answers
carry ``provisional=True`` whenever they rest on a year without a notice. One limit
remains that no calendar can avoid: the notice for year Y+1 may change the last days of
December of year Y (the 2019 notice made 2018-12-29 a working day and 2018-12-31 a day off), so
a deadline in late December of the last entered year can change when the next notice is
published.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .arrangement import CalendarDataError, Holiday, HolidayLike, YearArrangement
from .notices import ARRANGEMENTS

if TYPE_CHECKING:
    from .provisional import ProvisionalCalendar

ONE_DAY = timedelta(days=1)


class CalendarYearUnknown(ValueError):
    """The State Council's holiday arrangement for ``year`` is not in the calendar."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.message_zh = (
            f"尚未录入{year}年的法定节假日安排，无法计算工作日。请系统管理员更新工作日历。"
        )
        self.message_en = (
            f"The statutory holiday arrangement for {year} has not been entered, so working "
            "days cannot be computed. Ask the system administrator to update the working-day "
            "calendar."
        )
        # args stay (year,) so the error pickles (task queues) and rebuilds itself.
        super().__init__(year)

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


def _weekdays_through(d: date) -> int:
    """Monday–Friday dates from 0001-01-01 (a Monday) up to and including ``d``."""
    n = d.toordinal()
    return 5 * (n // 7) + min(n % 7, 5)


class Calendar:
    """An immutable official working-day calendar for the years it holds arrangements for."""

    def __init__(self, arrangements: Iterable[YearArrangement]) -> None:
        by_year: dict[int, YearArrangement] = {}
        for arrangement in arrangements:
            if arrangement.year in by_year:
                raise CalendarDataError(f"Two arrangements for {arrangement.year}.")
            by_year[arrangement.year] = arrangement
        if not by_year:
            raise CalendarDataError("A calendar needs the arrangement of at least one year.")
        self._arrangements: Mapping[int, YearArrangement] = dict(sorted(by_year.items()))

        holiday_of: dict[date, Holiday] = {}
        for arrangement in self._arrangements.values():
            for holiday in arrangement.holidays:
                for d in holiday.days:
                    if d in holiday_of:
                        raise CalendarDataError(
                            f"{d} is in both {holiday_of[d].name} and {holiday.name}."
                        )
                    holiday_of[d] = holiday
        makeup = frozenset(d for a in self._arrangements.values() for d in a.makeup_days)
        clash = makeup & holiday_of.keys()
        if clash:
            raise CalendarDataError(f"Both day off and make-up working day: {sorted(clash)}.")

        self._holiday_of = holiday_of
        self._off_days = frozenset(holiday_of)
        self._makeup_days = makeup
        # Sorted for counting by bisection in working_days_between: only the off days that would
        # otherwise be working days (Mon–Fri) and the make-up days change a weekday count.
        self._off_weekdays = tuple(sorted(d for d in holiday_of if d.weekday() < 5))
        self._makeup_sorted = tuple(sorted(makeup))
        self._provisional: ProvisionalCalendar | None = None

    # -- what the calendar holds -------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self._arrangements)

    @property
    def first_year(self) -> int:
        return min(self._arrangements)

    @property
    def last_year(self) -> int:
        return max(self._arrangements)

    def covers(self, d: date) -> bool:
        return d.year in self._arrangements

    def arrangement(self, year: int) -> YearArrangement:
        self._require_year(year)
        return self._arrangements[year]

    def with_year(
        self,
        year: int,
        holidays: Iterable[HolidayLike],
        makeup_days: Iterable[date],
        notices: Iterable[str] = (),
        *,
        replace: bool = False,
    ) -> Calendar:
        """A new calendar that also holds ``year`` (e.g. loaded from configuration).

        ``holidays`` are :class:`Holiday` values or ``(name, first, last)`` tuples; ``notices``
        the document numbers the data comes from. The data is validated exactly like the
        built-in years. A year already present is only replaced with ``replace=True`` (a later
        notice changed it, as in 2019 and 2020).
        """
        if year in self._arrangements and not replace:
            raise CalendarDataError(
                f"{year} is already in the calendar; pass replace=True to replace it."
            )
        new = YearArrangement.build(year, holidays, makeup_days, notices)
        others = (a for y, a in self._arrangements.items() if y != year)
        return Calendar([*others, new])

    def provisional(self) -> ProvisionalCalendar:
        """This calendar with each year it lacks filled provisionally from the 放假办法.

        The explicit opt-in to forecasts: see :mod:`.provisional`. The same object is returned
        on every call, so the years it fills are built once.
        """
        if self._provisional is None:
            from .provisional import ProvisionalCalendar

            self._provisional = ProvisionalCalendar(self)
        return self._provisional

    # -- the rules ----------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Mon–Fri unless announced as a day off, or a Saturday/Sunday announced as worked."""
        self._require_year(d.year)
        return self._is_working(d)

    def holiday_name(self, d: date) -> str | None:
        """The festival whose announced span contains ``d`` (春节 …), or None."""
        holiday = self.holiday(d)
        return holiday.name if holiday else None

    def holiday(self, d: date) -> Holiday | None:
        """The announced holiday whose span contains ``d``, or None."""
        self._require_year(d.year)
        return self._holiday_of.get(d)

    def is_makeup_day(self, d: date) -> bool:
        """Whether ``d`` is a Saturday or Sunday announced as a working day (调休上班)."""
        self._require_year(d.year)
        return d in self._makeup_days

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``: the statutory deadline for a time limit
        of ``n`` working days counted from ``start`` (the day of receipt, never itself counted,
        whatever kind of day it is). ``n == 0`` returns ``start``.

        Raises :class:`CalendarYearUnknown` if the count runs into a year not in the calendar.
        """
        if n < 0:
            raise ValueError(f"n must be 0 or more, not {n}.")
        self._require_year(start.year)
        d, year, remaining = start, start.year, n
        while remaining:
            d += ONE_DAY
            if d.year != year:
                year = d.year
                self._require_year(year)
            if self._is_working(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days ``d`` have ``start < d <= end`` (0 if ``end <= start``).

        The inverse of :meth:`add_working_days`: ``working_days_between(s,
        add_working_days(s, n)) == n``; and for a reply on day ``r`` after a deadline ``t``,
        ``working_days_between(t, r)`` is how many working days late it is.
        """
        for year in range(min(start, end).year, max(start, end).year + 1):
            self._require_year(year)
        if end <= start:
            return 0
        weekdays = _weekdays_through(end) - _weekdays_through(start)
        off = bisect_right(self._off_weekdays, end) - bisect_right(self._off_weekdays, start)
        makeup = bisect_right(self._makeup_sorted, end) - bisect_right(self._makeup_sorted, start)
        return weekdays - off + makeup

    # -- internals ----------------------------------------------------------------------------

    def _is_working(self, d: date) -> bool:
        if d.weekday() < 5:
            return d not in self._off_days
        return d in self._makeup_days

    def _require_year(self, year: int) -> None:
        if year not in self._arrangements:
            raise CalendarYearUnknown(year)

    def __repr__(self) -> str:
        return f"<Calendar {self.first_year}–{self.last_year}, {len(self._arrangements)} years>"


DEFAULT_CALENDAR = Calendar(ARRANGEMENTS)
FIRST_YEAR = DEFAULT_CALENDAR.first_year
LAST_YEAR = DEFAULT_CALENDAR.last_year


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day on the official calendar."""
    return DEFAULT_CALENDAR.is_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` not counted); see
    :meth:`Calendar.add_working_days`."""
    return DEFAULT_CALENDAR.add_working_days(start, n)


def working_days_between(start: date, end: date) -> int:
    """Working days ``d`` with ``start < d <= end``; see :meth:`Calendar.working_days_between`."""
    return DEFAULT_CALENDAR.working_days_between(start, end)


def holiday_name(d: date) -> str | None:
    """The name of the holiday ``d`` falls in (春节, 国庆节 …), or None."""
    return DEFAULT_CALENDAR.holiday_name(d)


__all__ = [
    "DEFAULT_CALENDAR",
    "FIRST_YEAR",
    "LAST_YEAR",
    "Calendar",
    "CalendarYearUnknown",
    "add_working_days",
    "holiday_name",
    "is_working_day",
    "working_days_between",
]
