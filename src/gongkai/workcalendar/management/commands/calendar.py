"""`gongkai calendar ACTION`: the working-day calendar from the shell.

``gongkai calendar show YEAR [--json]`` prints the year's arrangement as deadlines use it (the
built-in notice, the year entered in the back office, or the provisional forecast) and its
source. Works before ``migrate`` (then only the built-in and provisional years exist).

``gongkai calendar import FILE [--user NAME]`` enters or corrects a year from a small JSON file,
validated exactly like the back-office form (messages in Chinese, exit status 2 when refused)::

    {"year": 2027, "notice": "国办发明电〔2026〕9号",
     "holidays": "元旦 2027-01-01\\n春节 2027-02-06 至 2027-02-13\\n…",
     "makeup_days": "2027-02-07、2027-02-20", "note": "…"}

``holidays`` and ``makeup_days`` may also be lists of lines. The change is logged like one made
in the back office, under ``--user`` when given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.workcalendar import services
from gongkai.workcalendar.parse import YEAR_MAX, YEAR_MIN, zh_date, zh_span, zh_weekday


class Command(BaseCommand):
    help = "工作日历：show YEAR 显示一年的放假安排及来源；import FILE 从 JSON 文件录入一年。"
    requires_system_checks: list[str] = []  # usable before migrate
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        show = sub.add_parser("show", help="一年的放假安排及数据来源")
        show.add_argument("year", type=int)
        show.add_argument("--json", action="store_true", help="输出 JSON")
        load = sub.add_parser("import", help="从 JSON 文件录入或更正一年")
        load.add_argument("file")
        load.add_argument("--user", help="记入修改记录的用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            self.show(options["year"], as_json=options["json"])
        else:
            self.load(Path(options["file"]), options.get("user"))

    def show(self, year: int, *, as_json: bool) -> None:
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise CommandError(f"年份应在{YEAR_MIN}至{YEAR_MAX}之间。", returncode=2)
        status = services.year_status(year)
        arrangement = status.arrangement
        if as_json:
            payload = {
                "year": year,
                "kind": status.kind.value,
                "source": status.source,
                "notices": list(arrangement.notices) if arrangement else [],
                "holidays": [
                    {"name": h.name, "first": h.first.isoformat(), "last": h.last.isoformat()}
                    for h in (arrangement.holidays if arrangement else ())
                ],
                "makeup_days": [
                    d.isoformat() for d in (arrangement.makeup_days if arrangement else ())
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{year}年放假安排")
        self.stdout.write(f"来源：{status.source}")
        if arrangement is None:
            return
        self.stdout.write("放假：")
        for h in arrangement.holidays:
            self.stdout.write(f"  {h.name} {zh_span(h.first, h.last)}（共{h.length}天）")
        self.stdout.write("调休上班：")
        for d in arrangement.makeup_days:
            self.stdout.write(f"  {zh_date(d)}（{zh_weekday(d)}）")
        if not arrangement.makeup_days:
            self.stdout.write("  无")

    def load(self, path: Path, username: str | None) -> None:
        from gongkai.workcalendar.forms import CalendarYearForm
        from gongkai.workcalendar.models import CalendarYear

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取 {path}：{error}", returncode=2) from None
        if not isinstance(data, dict):
            raise CommandError("文件应为一个 JSON 对象，见 docs/calendar.md。", returncode=2)
        for key in ("holidays", "makeup_days"):
            if isinstance(data.get(key), list):
                data[key] = "\n".join(str(line) for line in data[key])
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户“{username}”。", returncode=2)
        row = CalendarYear.objects.filter(year=data.get("year")).first() or CalendarYear()
        fields = ("year", "notice", "holidays", "makeup_days", "note")
        form = CalendarYearForm({k: data.get(k, "") for k in fields}, instance=row)
        if not form.is_valid():
            lines = [
                f"{form.fields[f].label if f in form.fields else '整体'}：{m}"
                for f, ms in form.errors.items()
                for m in ms
            ]
            raise CommandError("未录入：\n" + "\n".join(lines), returncode=2)
        created = row.pk is None
        saved = services.save_year(form.save(commit=False), user)
        self.stdout.write(
            f"已{'录入' if created else '更新'}{saved.year}年放假安排：{saved.notice}"
        )
