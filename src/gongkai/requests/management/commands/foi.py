"""`gongkai foi ACTION`: disclosure-request (依申请公开) tools from the shell.

``gongkai foi deadline --received YYYY-MM-DD [--corrected YYYY-MM-DD]
[--pause YYYY-MM-DD:YYYY-MM-DD ...] [--extended] [--json]`` prints the reply due date of
《政府信息公开条例》 Art. 30–33 (:mod:`gongkai.requests.deadlines`). Plain output is the date
alone; a provisional date (a year without a State Council notice) adds a warning on stderr.
Bad dates and inverted ranges exit 2 with a Chinese and English message on stderr.

``gongkai foi fee --items N | --pages P [--json]`` prints the information processing fee
(国办函〔2020〕109号, :mod:`gongkai.requests.fees`) in yuan: for N requests of one applicant
in one calendar month, or for one request of P pages. ``--json`` prints
``{"fee": amount, "method": "items"|"pages"}``; a bad quantity exits 2.

``gongkai foi remind [--date YYYY-MM-DD]`` sends the day's deadline reminder e-mails
(:mod:`gongkai.requests.reminders`) through the task queue; run it daily.

``fee`` touches no database; ``deadline`` reads the years staff entered in the back office
(docs/calendar.md) when the database exists and uses the built-in notices otherwise, so both
run before ``migrate``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.requests.deadlines import (
    MAX_EXTENSION_WORKING_DAYS,
    Deadline,
    DeadlineInputError,
    Pause,
    reply_deadline,
)
from gongkai.requests.fees import FeeError, propose_fee
from gongkai.workdays import CalendarYearUnknown

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UsageError(Exception):
    """A bad argument value, reported in Chinese and English and exit status 2."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def parse_date(value: str, option: str) -> date:
    """A strict YYYY-MM-DD (``date.fromisoformat`` alone would also take 20240101)."""
    try:
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise UsageError(
        f"{option} 的日期“{value}”无效，应为 YYYY-MM-DD 格式的真实日期，如 2024-03-01。",
        f"{option}: '{value}' is not a valid date; use YYYY-MM-DD, e.g. 2024-03-01.",
    )


def parse_pause(value: str) -> Pause:
    first, sep, last = value.partition(":")
    if not sep:
        raise UsageError(
            f"--pause 的值“{value}”无效，应为 开始日期:结束日期，如 2024-03-01:2024-03-15。",
            f"--pause: '{value}' is not a range; use YYYY-MM-DD:YYYY-MM-DD.",
        )
    return Pause(parse_date(first, "--pause"), parse_date(last, "--pause"))


def _calendar():
    """The official calendar with the years staff entered in the back office; before the
    database exists the built-in notices alone (workcalendar.services checks that)."""
    from gongkai.requests.services import calendar

    return calendar()


class Command(BaseCommand):
    help = "依申请公开 tools. deadline: the statutory reply due date of a request."
    requires_system_checks: list[str] = []  # no database, no checks: usable before migrate
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        deadline = sub.add_parser(
            "deadline",
            help="print the reply due date (Art. 33: 20 working days after receipt)",
        )
        deadline.add_argument(
            "--received", required=True, metavar="YYYY-MM-DD", help="date of receipt (Art. 31)"
        )
        deadline.add_argument(
            "--corrected",
            metavar="YYYY-MM-DD",
            help="receipt of the corrected request after 补正 (Art. 30); the count restarts",
        )
        deadline.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="YYYY-MM-DD:YYYY-MM-DD",
            help="a period not counted, inclusive (third-party consultation, fee notice to "
            "payment, consulting other organs); repeatable",
        )
        deadline.add_argument(
            "--extended",
            action="store_true",
            help=f"the one extension of {MAX_EXTENSION_WORKING_DAYS} working days was approved",
        )
        deadline.add_argument(
            "--json", action="store_true", help="print due, provisional and working_days as JSON"
        )

        fee = sub.add_parser(
            "fee",
            help="the information processing fee of 国办函〔2020〕109号, in yuan",
        )
        quantity = fee.add_mutually_exclusive_group(required=True)
        quantity.add_argument(
            "--items",
            metavar="N",
            help="按件计收: the total for N requests of one applicant in one calendar month",
        )
        quantity.add_argument("--pages", metavar="P", help="按量计收: one request of P pages")
        fee.add_argument("--json", action="store_true", help='print {"fee": …, "method": …}')

        remind = sub.add_parser(
            "remind",
            help="send today's deadline reminders (5 and 1 working days before); run daily",
        )
        remind.add_argument(
            "--date", metavar="YYYY-MM-DD", help="act as if today were this date (for catch-up)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actions = {
            "deadline": self._deadline,
            "fee": self._fee,
            "remind": self._remind,
        }
        try:
            actions[options["action"]](options)
        except (UsageError, DeadlineInputError, CalendarYearUnknown, FeeError) as e:
            self.stderr.write(f"错误 / error: {e.message_zh} / {e.message_en}")
            # Exit status 2 like other usage errors. Not CommandError: Django would prefix
            # its own "CommandError:" to the bilingual line.
            raise SystemExit(2) from e

    def _deadline(self, options: dict[str, Any]) -> None:
        received = parse_date(options["received"], "--received")
        corrected = options["corrected"]
        result = reply_deadline(
            received,
            corrected=parse_date(corrected, "--corrected") if corrected is not None else None,
            pauses=[parse_pause(value) for value in options["pause"]],
            extension_days=MAX_EXTENSION_WORKING_DAYS if options["extended"] else 0,
            calendar=_calendar(),
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result.due.isoformat())
        if result.provisional:
            self.stderr.write(self._provisional_warning(result))

    def _fee(self, options: dict[str, Any]) -> None:
        method = "items" if options["items"] is not None else "pages"
        raw = options[method]
        try:
            quantity = int(raw)
        except ValueError:
            raise UsageError(f"“{raw}”不是整数。", f"{raw!r} is not a whole number") from None
        proposal = propose_fee(method, quantity)
        if options["json"]:
            self.stdout.write(json.dumps({"fee": proposal.amount, "method": method}))
        else:
            self.stdout.write(str(proposal.amount))

    def _remind(self, options: dict[str, Any]) -> None:
        from gongkai.requests.reminders import send_deadline_reminders

        day = parse_date(options["date"], "--date") if options["date"] else None
        result = send_deadline_reminders.enqueue(day.isoformat() if day else None)
        if result.is_finished:
            self.stdout.write(
                f"已发送到期提醒 {result.return_value} 件 / {result.return_value} sent"
            )
        else:
            self.stdout.write(f"已加入任务队列 / queued: {result.id}")

    @staticmethod
    def _provisional_warning(result: Deadline) -> str:
        years_zh = "、".join(f"{y}年" for y in result.provisional_years)
        years_en = ", ".join(str(y) for y in result.provisional_years)
        return (
            f"注意：{years_zh}的节假日安排尚未公布，该截止日期按《全国年节及纪念日放假办法》"
            "暂定计算（不含调休），安排公布后请重新计算。\n"
            f"Warning: the holiday arrangement for {years_en} has not been published; this due "
            "date is provisional (statutory holidays only, no make-up working days) and must be "
            "recomputed once it is."
        )
