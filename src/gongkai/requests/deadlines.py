"""The statutory reply deadline of a disclosure request (《政府信息公开条例》 Art. 30–33).

* Art. 33: the reply is due within 20 working days of receipt (答复期限); the day of receipt
  (Art. 31) is not counted, so the due date is the 20th working day after it.
* Art. 30: after a correction (补正) the period counts again from the receipt of the corrected
  request.
* Art. 32 (third-party consultation), Art. 33 (consulting other organs) and 国办函〔2020〕109号
  (from the fee notice to payment): these periods are not counted. A pause excludes every
  working day from its first to its last date inclusive.
* Art. 33: with approval the period is extended once, by at most 20 working days, added to the
  current due date (and, like the first 20, not counting paused days).

Counting is on the official calendar; where it runs into a year without a State Council notice
the calendar's provisional forecast is used and the result says ``provisional=True``
(:mod:`gongkai.workdays.provisional`) — show that wherever the date is shown.

Decisions on inputs (each refusal is a :class:`DeadlineInputError` with a Chinese and an English
message): a corrected request cannot be received before the original one, and a pause cannot
begin before the original receipt (nothing existed to pause) nor end before it begins. A pause
that ends on or before the day the count starts — before the receipt of a corrected request —
is accepted and ignored: it paused the first count, which the correction restarted. A pause
that straddles that day excludes only its days after it. Pauses may overlap.

Pure functions, no Django: the back office, the dashboard and ``gongkai foi deadline`` share
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays import PROVISIONAL_CALENDAR, ProvisionalCalendar, WorkingDayCount

REPLY_WORKING_DAYS = 20  # Art. 33 para. 2
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33 para. 2: "延长的期限最长不得超过20个工作日"
ONE_DAY = timedelta(days=1)


class DeadlineInputError(ValueError):
    """Dates that no request could have; ``message_zh`` is for users, ``message_en`` for logs."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(message_zh, message_en)

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


@dataclass(frozen=True)
class Pause:
    """A period not counted toward the deadline, ``first`` to ``last`` inclusive.

    ``reason`` is free text for the record (第三方意见征询, 收费通知至缴费, 征求其他机关意见).
    """

    first: date
    last: date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DeadlineInputError(
                f"暂停期间的结束日期（{self.last}）早于开始日期（{self.first}）。",
                f"The pause ends ({self.last}) before it begins ({self.first}).",
            )


PauseLike = Pause | tuple[date, date]


@dataclass(frozen=True)
class Deadline:
    """When the reply to a request is due, and what the date rests on."""

    due: date
    provisional: bool  # some counted day lies in a year without a State Council notice
    working_days: int  # working days allowed: 20, or 20 plus the extension
    counted_from: date  # receipt of the request, or of the corrected request
    paused_working_days: int = 0  # working days between counted_from and due not counted
    provisional_years: tuple[int, ...] = ()  # those years, for the warning

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``gongkai foi deadline --json``."""
        return {
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "working_days": self.working_days,
        }


def _as_pause(value: PauseLike) -> Pause:
    if isinstance(value, Pause):
        return value
    first, last = value
    return Pause(first, last)


def reply_deadline(
    received: date,
    *,
    corrected: date | None = None,
    pauses: Iterable[PauseLike] = (),
    extension_days: int = 0,
    calendar: ProvisionalCalendar = PROVISIONAL_CALENDAR,
) -> Deadline:
    """The due date of the reply to a request received on ``received`` (Art. 31's date).

    ``corrected``: receipt of the corrected request after a 补正, from which the count restarts.
    ``pauses``: periods not counted (:class:`Pause` or ``(first, last)``), inclusive.
    ``extension_days``: the one extension, 0 (none) to 20 working days.

    Raises :class:`DeadlineInputError` for impossible inputs, and
    :class:`~gongkai.workdays.CalendarYearUnknown` only for years even the provisional calendar
    does not cover (after 2099).
    """
    if corrected is not None and corrected < received:
        raise DeadlineInputError(
            f"补正后申请的收到日期（{corrected}）早于原申请的收到日期（{received}）。",
            f"The corrected request ({corrected}) cannot be received before the request "
            f"itself ({received}).",
        )
    if not 0 <= extension_days <= MAX_EXTENSION_WORKING_DAYS:
        raise DeadlineInputError(
            f"延长答复期限最长不得超过{MAX_EXTENSION_WORKING_DAYS}个工作日"
            f"（收到的是{extension_days}个）。",
            f"An extension is 0 to {MAX_EXTENSION_WORKING_DAYS} working days, "
            f"not {extension_days}.",
        )
    start = corrected or received
    periods = []
    for pause in map(_as_pause, pauses):
        if pause.first < received:
            raise DeadlineInputError(
                f"暂停期间（{pause.first}至{pause.last}）开始于申请收到之日（{received}）之前。",
                f"The pause {pause.first}..{pause.last} begins before the request was "
                f"received ({received}).",
            )
        if pause.last > start:  # earlier pauses belong to a count the correction restarted
            periods.append((max(pause.first, start + ONE_DAY), pause.last))

    allowed = REPLY_WORKING_DAYS + extension_days
    cursor, remaining, paused = start, allowed, 0
    for first, last in _merged(periods):
        # Working days before this pause; the due date is among them if there are enough.
        before = calendar.working_days_between(cursor, first - ONE_DAY).days
        if before >= remaining:
            break
        remaining -= before
        paused += calendar.working_days_between(max(cursor, first - ONE_DAY), last).days
        cursor = max(cursor, last)
    due = calendar.add_working_days(cursor, remaining).day
    years = calendar.provisional_years(start, due)
    return Deadline(
        due=due,
        provisional=bool(years),
        working_days=allowed,
        counted_from=start,
        paused_working_days=paused,
        provisional_years=years,
    )


def _merged(periods: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Sorted, with overlapping or touching periods joined."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(periods):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def working_days_left(
    due: date, today: date, *, calendar: ProvisionalCalendar = PROVISIONAL_CALENDAR
) -> WorkingDayCount:
    """Working days left until ``due``, seen on ``today``, for a dashboard.

    The working days ``d`` with ``today < d <= due``: 0 on the due date itself, 1 on the working
    day before. Once ``due`` has passed it is negative, minus the working days ``d`` with
    ``due < d <= today`` but never above −1: a request due on Friday is overdue (−1) on Saturday
    already, and still −1 on Monday, the first working day late.

    Pauses are not looked at: recompute ``due`` with :func:`reply_deadline` when one ends (for a
    pause still running, pass it as ending ``today``).
    """
    if today <= due:
        return calendar.working_days_between(today, due)
    late = calendar.working_days_between(due, today)
    return WorkingDayCount(-max(1, late.days), late.provisional)


__all__ = [
    "MAX_EXTENSION_WORKING_DAYS",
    "REPLY_WORKING_DAYS",
    "Deadline",
    "DeadlineInputError",
    "Pause",
    "reply_deadline",
    "working_days_left",
]
