"""`gongkai inspect [--base-url URL] [--no-crawl] [--no-mail] [--date YYYY-MM-DD]
[--max-pages N]`: the daily site self-inspection (值班读网, docs/inspection.md).

Reads the public site over HTTP from URL (default: the setting GONGKAI_BASE_URL), checks the
database, records the day's duty log (值班日志) and e-mails each unit its new findings.
Exit status: 0 when no problem is open (提示 such as external links do not count), 1 when
problems are open, 2 when the site could not be reached or an argument is wrong.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops import inspection
from gongkai.ops.models import Finding, RunStatus, Severity, Trigger


def usage_error(command: BaseCommand, zh: str, en: str) -> None:
    command.stderr.write(f"错误 / error: {zh} / {en}")
    raise SystemExit(2)


class Command(BaseCommand):
    help = (
        "网站自查（值班读网）：检查死链、页脚标识、栏目更新、留言和申请期限等，记入值班日志"
        " / site self-inspection: dead links, footer identifiers, stale columns, deadlines;"
        " writes the duty log"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", metavar="URL", help="网站地址 / the public site's URL")
        parser.add_argument(
            "--no-crawl",
            action="store_true",
            help="只检查数据，不访问网页 / database checks only, no HTTP",
        )
        parser.add_argument(
            "--no-mail", action="store_true", help="不发邮件 / do not e-mail the units"
        )
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="值班日期（默认今天） / the day (default today)"
        )
        parser.add_argument(
            "--max-pages", type=int, metavar="N", help="最多检查的网址数 / at most N addresses"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"]
        if base_url and urlsplit(base_url).scheme not in ("http", "https"):
            usage_error(
                self,
                f"--base-url “{base_url}” 不是 http(s) 网址",
                f"--base-url '{base_url}' is not an http(s) URL",
            )
        day = None
        if options["date"]:
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", options["date"]):
                    raise ValueError
                day = date.fromisoformat(options["date"])
            except ValueError:
                usage_error(
                    self,
                    f"--date “{options['date']}” 无效，应为 YYYY-MM-DD",
                    f"--date '{options['date']}' is not a YYYY-MM-DD date",
                )
        if options["max_pages"] is not None and options["max_pages"] < 1:
            usage_error(self, "--max-pages 应为正整数", "--max-pages must be a positive integer")
        run = inspection.run(
            base_url=base_url,
            crawl=not options["no_crawl"],
            today=day,
            trigger=Trigger.SCHEDULE,
            send_mail=not options["no_mail"],
            max_pages=options["max_pages"],
        )
        if run.crawled:
            self.stdout.write(
                f"检查网页 {run.pages} 个、链接 {run.links} 个 / "
                f"read {run.pages} pages, checked {run.links} links ({run.base_url})"
            )
        problems = Finding.objects.open().filter(severity=Severity.PROBLEM).count()
        notices = Finding.objects.open().filter(severity=Severity.NOTICE).count()
        self.stdout.write(
            f"{run.day:%Y-%m-%d} 新发现 {run.new_count}，已整改 {run.closed_count}，"
            f"未整改问题 {problems}、提示 {notices} / "
            f"new {run.new_count}, fixed {run.closed_count}, "
            f"open problems {problems}, notices {notices}"
        )
        if run.status == RunStatus.SITE_DOWN:
            self.stderr.write(
                f"错误 / error: 网站首页无法访问 / the site does not answer at {run.base_url}"
            )
            raise SystemExit(2)
        if problems:
            raise SystemExit(1)
