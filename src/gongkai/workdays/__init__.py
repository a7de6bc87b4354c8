"""The official Chinese working-day calendar (pure functions, no Django).

Implements the working-day counting of 《政府信息公开条例》 Art. 26, 30, 32 and 33; see
:mod:`.working_days` for the rules and :mod:`.notices` for the State Council notices it rests on.
Years without a notice raise :class:`CalendarYearUnknown`, unless the caller opts in to a
forecast from 《全国年节及纪念日放假办法》 (:mod:`.statutory`) through :mod:`.provisional`
(``deadline_after``, ``Calendar.provisional()``), whose answers say whether they are provisional.
"""

from .arrangement import CalendarDataError, Holiday, YearArrangement
from .provisional import (
    PROVISIONAL_CALENDAR,
    ProvisionalCalendar,
    WorkingDayCount,
    WorkingDayResult,
    deadline_after,
)
from .statutory import provisional_arrangement
from .working_days import (
    DEFAULT_CALENDAR,
    FIRST_YEAR,
    LAST_YEAR,
    Calendar,
    CalendarYearUnknown,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

__all__ = [
    "DEFAULT_CALENDAR",
    "FIRST_YEAR",
    "LAST_YEAR",
    "PROVISIONAL_CALENDAR",
    "Calendar",
    "CalendarDataError",
    "CalendarYearUnknown",
    "Holiday",
    "ProvisionalCalendar",
    "WorkingDayCount",
    "WorkingDayResult",
    "YearArrangement",
    "add_working_days",
    "deadline_after",
    "holiday_name",
    "is_working_day",
    "provisional_arrangement",
    "working_days_between",
]
