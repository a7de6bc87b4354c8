"""The official Chinese working-day calendar (pure functions, no Django).

Implements the working-day counting of 《政府信息公开条例》 Art. 26, 30, 32 and 33; see
:mod:`.working_days` for the rules and :mod:`.notices` for the State Council notices it rests on.
"""

from .arrangement import CalendarDataError, Holiday, YearArrangement
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
    "Calendar",
    "CalendarDataError",
    "CalendarYearUnknown",
    "Holiday",
    "YearArrangement",
    "add_working_days",
    "holiday_name",
    "is_working_day",
    "working_days_between",
]
