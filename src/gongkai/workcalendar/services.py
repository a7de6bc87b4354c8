"""The official calendar: the built-in State Council notices plus the years staff entered.

Deadlines are computed on :func:`official_calendar`: the notices transcribed in
:mod:`gongkai.workdays.notices`, with every :class:`~.models.CalendarYear` row added (the next
year's notice, entered the day it is published) or replacing the built-in year (a correction
wins), and every year still without a notice filled provisionally from the 放假办法 and flagged
(:class:`~gongkai.workdays.ProvisionalCalendar`).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from threading import Lock

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.parse import (
    HOLIDAYS,
    MAKEUP_DAYS,
    CalendarInputError,
    Problem,
    split_notices,
    zh_date,
    zh_span,
)
from gongkai.workdays import (
    DEFAULT_CALENDAR,
    Calendar,
    CalendarDataError,
    ProvisionalCalendar,
    YearArrangement,
)
from gongkai.workdays.notices import ARRANGEMENTS
from gongkai.workdays.statutory import FIRST_STATUTORY_YEAR, LAST_STATUTORY_YEAR

logger = logging.getLogger(__name__)

FIRST_LISTED_YEAR = ARRANGEMENTS[0].year
BUILTIN = {a.year: a for a in ARRANGEMENTS}

BUILTIN_SOURCE = "国务院办公厅通知（内置）"
PROVISIONAL_SOURCE = "暂定（按《全国年节及纪念日放假办法》推算）"
UNKNOWN_SOURCE = "未录入（无法计算工作日）"


class SourceKind(Enum):
    BUILTIN = "builtin"
    ENTERED = "entered"  # a year the package does not have
    CORRECTED = "corrected"  # a row replacing a built-in year
    INVALID = "invalid"  # a row that cannot be used (see official_calendar)
    PROVISIONAL = "provisional"
    UNKNOWN = "unknown"

    do_not_call_in_templates = enum.nonmember(True)  # templates compare with kinds.BUILTIN

    @property
    def label(self) -> str:
        return {
            SourceKind.BUILTIN: "内置通知",
            SourceKind.ENTERED: "后台录入",
            SourceKind.CORRECTED: "后台更正",
            SourceKind.INVALID: "录入有误",
            SourceKind.PROVISIONAL: "暂定",
            SourceKind.UNKNOWN: "无数据",
        }[self]


# -- the calendar --------------------------------------------------------------------------

_cache_lock = Lock()
_cache: tuple[tuple, ProvisionalCalendar, dict[int, str]] | None = None
_table_ready = False


def _stamp() -> tuple:
    """Identifies the rows' state in one small query: (id, updated_at) of every row.

    A handful of rows (one per year), so reading them all costs what an aggregate would, and
    unlike count + max(updated_at) it cannot miss an edit saved by a server whose clock is
    behind, or a deletion paired with an insertion.
    """
    return tuple(CalendarYear.objects.order_by("pk").values_list("pk", "updated_at"))


def _rows_available() -> bool:
    """Whether the table exists: the CLI must answer on a database not yet migrated."""
    global _table_ready
    if not _table_ready:
        if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
            return False  # no database yet: do not create an empty file by looking
        try:
            tables = connection.introspection.table_names()
        except DatabaseError:  # the database itself does not exist yet, or is unreachable
            return False
        _table_ready = CalendarYear._meta.db_table in tables
    return _table_ready


def official_calendar() -> ProvisionalCalendar:
    """The calendar every deadline is computed on (see the module docstring).

    Cached per process under a stamp of the rows read in one query at every call, so a year
    saved by any process is used by every process from its next call on. A row that cannot be
    used (its text no longer parses, or it contradicts a neighbouring year — possible only if
    it was changed outside the back office) is left out and logged, and its year is shown as
    录入有误 in the back office; the calendar never fails because of one bad row.
    """
    return _current()[0]


def rejected_years() -> dict[int, str]:
    """Years whose row :func:`official_calendar` left out, with the reason (Chinese)."""
    return dict(_current()[1])


def _current() -> tuple[ProvisionalCalendar, dict[int, str]]:
    global _cache
    if not _rows_available():
        return _build([])
    stamp = _stamp()
    cached = _cache
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    with _cache_lock:
        cached = _cache
        if cached is None or cached[0] != stamp:
            rows = list(CalendarYear.objects.order_by("year"))
            cached = (stamp, *_build(rows))
            _cache = cached
        return cached[1], cached[2]


def _build(rows: list[CalendarYear]) -> tuple[ProvisionalCalendar, dict[int, str]]:
    calendar = DEFAULT_CALENDAR  # without rows: the package's own (and shared) calendar
    rejected: dict[int, str] = {}
    for row in rows:
        try:
            arrangement = row.arrangement()
            calendar = _with(calendar, arrangement)
        except CalendarInputError as error:
            rejected[row.year] = str(error)
            logger.error("工作日历：%s年的录入数据未被采用：%s", row.year, error)
    return calendar.provisional(), rejected


def _with(calendar: Calendar, arrangement: YearArrangement) -> Calendar:
    """``calendar`` with ``arrangement`` added or replacing its year; CalendarInputError (in
    Chinese) if it clashes with a neighbouring year."""
    problems = _clashes(calendar, arrangement)
    if problems:
        raise CalendarInputError(problems)
    try:
        return calendar.with_year(
            arrangement.year,
            arrangement.holidays,
            arrangement.makeup_days,
            arrangement.notices,
            replace=True,
        )
    except CalendarDataError as error:
        raise CalendarInputError(
            [Problem(HOLIDAYS, None, f"与其他年份的数据冲突：{error}")]
        ) from None


def _clashes(calendar: Calendar, arrangement: YearArrangement) -> list[Problem]:
    """Days the year shares with the next or previous year's notice (元旦 in December)."""
    problems = []
    year = arrangement.year
    for other_year in (year - 1, year + 1):
        if other_year not in calendar.years:
            continue
        other = calendar.arrangement(other_year)
        other_off = {d: h for h in other.holidays for d in h.days}
        for h in arrangement.holidays:
            for d in h.days:
                if d in other_off:
                    problems.append(
                        Problem(
                            HOLIDAYS,
                            None,
                            f"“{h.name}”中的{zh_date(d)}已在{other_year}年的放假安排"
                            f"“{other_off[d].name}”（{zh_span(other_off[d].first, other_off[d].last)}）中。",
                        )
                    )
                    break
                if d in other.makeup_days:
                    problems.append(
                        Problem(
                            HOLIDAYS,
                            None,
                            f"“{h.name}”中的{zh_date(d)}在{other_year}年的安排中是调休上班日。",
                        )
                    )
                    break
        for d in arrangement.makeup_days:
            if d in other_off:
                problems.append(
                    Problem(
                        MAKEUP_DAYS,
                        None,
                        f"调休上班日{zh_date(d)}在{other_year}年的安排中是放假日"
                        f"（“{other_off[d].name}”）。",
                    )
                )
    return problems


def calendar_with(arrangement: YearArrangement) -> Calendar:
    """The official calendar (without provisional years) with ``arrangement`` in place of its
    year: what the calendar would be if it were saved. Raises :class:`CalendarInputError` (in
    Chinese) if it clashes with a neighbouring year."""
    return _with(official_calendar().official, arrangement)


# -- where a year comes from ---------------------------------------------------------------


@dataclass(frozen=True)
class YearStatus:
    """One year as the back office lists it."""

    year: int
    kind: SourceKind
    source: str  # year_source(year)
    arrangement: YearArrangement | None  # what deadlines use (provisional years included)
    row: CalendarYear | None
    problem: str = ""  # why a row is not used (kind INVALID)

    @property
    def builtin(self) -> YearArrangement | None:
        return BUILTIN.get(self.year)


def _who(row: CalendarYear) -> str:
    user = row.updated_by
    if user is None:
        return "（未记录）"
    return user.get_full_name() or user.get_username()


def _entered_source(row: CalendarYear) -> str:
    when = timezone.localtime(row.updated_at).strftime("%Y-%m-%d %H:%M")
    text = f"后台录入：{'、'.join(row.notices)}，{_who(row)}，{when}"
    if row.year in BUILTIN:
        text += "（更正内置数据）"
    return text


def year_statuses(years: list[int] | range) -> list[YearStatus]:
    """The status of each of ``years`` (two small queries, whatever their number)."""
    calendar, rejected = _current()
    rows = (
        {
            r.year: r
            for r in CalendarYear.objects.filter(year__in=list(years)).select_related("updated_by")
        }
        if _rows_available()
        else {}
    )
    statuses = []
    for year in years:
        row = rows.get(year)
        problem = rejected.get(year, "") if row is not None else ""
        if row is not None and not problem:
            kind = SourceKind.CORRECTED if year in BUILTIN else SourceKind.ENTERED
            source = _entered_source(row)
        elif year in BUILTIN:
            notices = "、".join(BUILTIN[year].notices)
            kind, source = SourceKind.BUILTIN, f"{BUILTIN_SOURCE}：{notices}"
        elif FIRST_STATUTORY_YEAR <= year <= LAST_STATUTORY_YEAR:
            kind, source = SourceKind.PROVISIONAL, PROVISIONAL_SOURCE
        else:
            kind, source = SourceKind.UNKNOWN, UNKNOWN_SOURCE
        arrangement = calendar.arrangement(year) if kind is not SourceKind.UNKNOWN else None
        if problem:
            kind, source = SourceKind.INVALID, f"录入的数据有误，未采用；现用{source}"
        statuses.append(YearStatus(year, kind, source, arrangement, row, problem))
    return statuses


def year_status(year: int) -> YearStatus:
    return year_statuses([year])[0]


def year_source(year: int) -> str:
    """Where the calendar's ``year`` comes from, for display: ``国务院办公厅通知（内置）：…``,
    ``后台录入：文号，by whom，when`` or ``暂定（按《全国年节及纪念日放假办法》推算）``."""
    return year_status(year).source


def listed_years(today: date) -> range:
    """The years the back office lists: from the first notice to next year."""
    return range(FIRST_LISTED_YEAR, today.year + 2)


def overview(today: date) -> list[YearStatus]:
    """Every listed year, and any year entered outside that range, in order."""
    years = set(listed_years(today)) | set(CalendarYear.objects.values_list("year", flat=True))
    return year_statuses(sorted(years))


# -- changes -------------------------------------------------------------------------------

LOGGED_FIELDS = ("year", "notice", "holidays", "makeup_days", "note")


def _snapshot(row: CalendarYear) -> dict:
    return {f: getattr(row, f) for f in LOGGED_FIELDS}


@transaction.atomic
def save_year(row: CalendarYear, user) -> CalendarYear:
    """Save a year entered or corrected in the back office (validated by the form), recording
    who and when in the object's history (Wagtail's log, mirrored into the audit log)."""
    previous = (
        CalendarYear.objects.filter(pk=row.pk).values(*LOGGED_FIELDS).first() if row.pk else None
    )
    row.notice = "、".join(split_notices(row.notice))
    row.updated_by = user
    row.save()
    data = _snapshot(row)
    if previous is not None:
        data["previous"] = previous
        data["changed"] = [f for f in LOGGED_FIELDS if previous[f] != data[f]]
    log(row, "wagtail.edit" if previous else "wagtail.create", user=user, data=data)
    return row


@transaction.atomic
def delete_year(row: CalendarYear, user) -> None:
    """Remove a year's row: the year goes back to the built-in notice, or to provisional."""
    log(row, "wagtail.delete", user=user, data=_snapshot(row), deleted=True)
    row.delete()


def history(year: int):
    """The log entries of ``year``'s rows, newest first (rows deleted since included)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    return (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(CalendarYear), data__year=year
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )


__all__ = [
    "BUILTIN_SOURCE",
    "PROVISIONAL_SOURCE",
    "SourceKind",
    "YearStatus",
    "calendar_with",
    "delete_year",
    "history",
    "listed_years",
    "official_calendar",
    "overview",
    "rejected_years",
    "save_year",
    "year_source",
    "year_status",
    "year_statuses",
]
