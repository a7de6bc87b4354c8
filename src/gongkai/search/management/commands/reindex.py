"""gongkai reindex: rebuild the full-text search index from the database."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.search import services


class Command(BaseCommand):
    help = (
        "重建全文检索索引（政府信息、领导、工作机构、机构与申请指南、公开的留言）"
        " / rebuild the full-text search index"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="只检查索引是否需要重建：需要时退出码为1 / exit 1 if the index needs a rebuild",
        )

    def handle(self, *args, check: bool = False, **options):
        if check:
            state = services.index_state()
            if not state["current"]:
                self.stdout.write(
                    f"索引需要重建（条目 {state['entries']}）/ the index needs a rebuild "
                    "(made with another dictionary or by a version that indexed fewer kinds, "
                    "never built, or its 留言 differ from the public ones): run gongkai reindex"
                )
                if state["messages_out_of_step"]:
                    self.stdout.write(
                        f"留言与公开列表不一致 {state['messages_out_of_step']} 条 / "
                        "messages not in step with the public list"
                    )
                sys.exit(1)
            self.stdout.write(f"索引是最新的，共 {state['entries']} 条 / the index is current")
            return
        began = time.monotonic()
        bar = _Bar(self.stderr)
        try:
            counts = services.reindex(progress=bar.update)
        except Exception as exc:  # a database error: say so in both languages, keep the old index
            raise CommandError(
                f"重建索引失败，原索引未改动 / reindex failed, index unchanged: {exc}"
            ) from exc
        bar.done()
        self.stdout.write(
            f"索引已重建 / index rebuilt: 政府信息 {counts['documents']} 条，"
            f"留言 {counts['messages']} 条，"
            f"其他 {counts['others']} 条，用时 {time.monotonic() - began:.1f} 秒"
        )


class _Bar:
    """A progress bar on a terminal; a line every 10% when the output is a file or a pipe."""

    WIDTH = 30

    def __init__(self, out) -> None:
        self.out = out
        self.tty = getattr(out, "isatty", lambda: False)()
        self.last_tenth = -1

    def update(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if self.tty:
            filled = int(share * self.WIDTH)
            self.out.write(
                f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}", ending=""
            )
            self.out.flush()
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.out.write(f"{done}/{total} ({share:.0%})")

    def done(self) -> None:
        if self.tty:
            self.out.write("")
