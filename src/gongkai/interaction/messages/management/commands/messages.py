"""``gongkai messages remind [--date YYYY-MM-DD]`` sends the day's 留言 reminders (one working
day before the due date, and once when overdue) through the task queue; run it daily.

``gongkai messages overdue [--json]`` lists open messages past their due date, and those
unanswered for more than 3 months (the inspection's veto item); it exits 1 when there are any.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "留言: daily reminders, and the list of overdue messages"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="send today's reminders; run daily")
        remind.add_argument("--date", metavar="YYYY-MM-DD", help="act as if today were this date")
        overdue = sub.add_parser("overdue", help="list open messages past their due date")
        overdue.add_argument("--date", metavar="YYYY-MM-DD", help="act as if today were this date")
        overdue.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"]) if options.get("date") else None
        except ValueError:
            self.stderr.write(
                f"错误 / error: 日期格式应为 YYYY-MM-DD / --date must be YYYY-MM-DD: "
                f"{options['date']}"
            )
            raise SystemExit(2) from None
        if options["action"] == "remind":
            self._remind(day)
        else:
            self._overdue(day, as_json=options["json"])

    def _remind(self, day: date | None) -> None:
        from gongkai.interaction.messages.reminders import send_message_reminders

        result = send_message_reminders.enqueue(day.isoformat() if day else None)
        if result.is_finished:
            self.stdout.write(
                f"已发送留言催办 {result.return_value} 条 / {result.return_value} sent"
            )
        else:
            self.stdout.write(f"已加入任务队列 / queued: {result.id}")

    def _overdue(self, day: date | None, *, as_json: bool) -> None:
        from django.utils import timezone

        from gongkai.interaction.messages import services
        from gongkai.interaction.messages.models import Message

        day = day or timezone.localdate()
        everything = Message.objects.received()
        long_ids = set(services.long_unanswered(everything, day).values_list("pk", flat=True))
        rows = [
            {
                "code": m.code,
                "unit": m.unit.name,
                "subject": m.subject,
                "received_on": m.received_on.isoformat(),
                "due_on": m.due_on.isoformat(),
                "over_3_months": m.pk in long_ids,
            }
            for m in services.overdue(everything, day).select_related("unit").order_by("due_on")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for r in rows:
                flag = " 超过3个月 / over 3 months" if r["over_3_months"] else ""
                self.stdout.write(f"{r['due_on']} {r['unit']} {r['subject']} ({r['code']}){flag}")
            self.stdout.write(f"逾期留言 {len(rows)} 条 / {len(rows)} overdue")
        if rows:
            raise SystemExit(1)
