"""Timeliness of proactive disclosure (《政府信息公开条例》 Art. 26).

Proactive information is disclosed within 20 working days of being formed or changed. The
clock starts at the document's 形成或变更日期 (成文日期 when blank); the day itself is not
counted and the deadline is the 20th working day after it on the official calendar.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from gongkai.workdays import DEFAULT_CALENDAR, Calendar, CalendarYearUnknown

DISCLOSURE_WORKING_DAYS = 20
SOON_WORKING_DAYS = 5


class State:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"
    UNKNOWN = "unknown"


LABELS = {
    State.ON_TIME: "按时公开",
    State.LATE: "逾期公开",
    State.OVERDUE: "逾期未公开",
    State.PENDING: "待公开（未到期）",
    State.UNKNOWN: "无法计算",
}


@dataclass(frozen=True)
class Assessment:
    state: str
    due_on: date | None
    late_by: int = 0  # working days past the deadline (late or overdue)
    left: int | None = None  # working days left before the deadline (pending)
    note: str = ""

    @property
    def label(self) -> str:
        if self.state in (State.LATE, State.OVERDUE):
            return f"{LABELS[self.state]}{self.late_by}个工作日"
        return LABELS[self.state]


def due_date(formed_on: date, calendar: Calendar = DEFAULT_CALENDAR) -> date:
    return calendar.add_working_days(formed_on, DISCLOSURE_WORKING_DAYS)


def assess(
    formed_on: date,
    published_on: date | None,
    today: date,
    calendar: Calendar = DEFAULT_CALENDAR,
) -> Assessment:
    """Where one proactive document stands on `today`, on the official `calendar` (the
    built-in notices, or with the years staff entered: workcalendar.official_calendar)."""
    between = calendar.working_days_between
    try:
        due = due_date(formed_on, calendar)
        if published_on is not None and published_on <= today:
            if published_on <= due:
                return Assessment(State.ON_TIME, due)
            return Assessment(State.LATE, due, late_by=between(due, published_on))
        if today > due:
            return Assessment(State.OVERDUE, due, late_by=between(due, today))
        return Assessment(State.PENDING, due, left=between(today, due))
    except CalendarYearUnknown as error:
        return Assessment(State.UNKNOWN, None, note=error.message_zh)


@dataclass
class UnitRow:
    unit: object
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    late_days: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def due_total(self) -> int:
        return self.total - self.counts[State.PENDING] - self.counts[State.UNKNOWN]

    @property
    def on_time_rate(self) -> float | None:
        if not self.due_total:
            return None
        return self.counts[State.ON_TIME] / self.due_total


def summarise(
    items, today: date, calendar: Calendar = DEFAULT_CALENDAR
) -> tuple[list[UnitRow], list[tuple[object, Assessment]]]:
    """Per-unit counts and the per-document assessments, for documents given as model rows."""
    rows: OrderedDict[int, UnitRow] = OrderedDict()
    details = []
    for doc in items:
        result = assess(doc.due_from, doc.published_on if doc.live else None, today, calendar)
        row = rows.setdefault(doc.unit_id, UnitRow(doc.unit))
        row.counts[result.state] += 1
        row.late_days += result.late_by
        details.append((doc, result))
    return list(rows.values()), details
