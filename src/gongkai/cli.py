"""The `gongkai` command: every Django management command plus ours (load-demo, docno, import-html)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "gongkai"
    # Our commands are spelt with hyphens on the command line (gongkai load-demo) but live in
    # importable modules with underscores.
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(args)
    except OperationalError as error:
        if not is_locked(error):
            raise
        # A clear message instead of a traceback: the write waited for the lock (SQLite's
        # busy timeout) and gave up; the transaction that could not start wrote nothing.
        sys.stderr.write(LOCKED_MESSAGE)
        sys.exit(1)


LOCKED_MESSAGE = (
    "错误 / error: 数据库正被另一个程序锁定（例如另一条 gongkai 命令或恢复操作正在写入），"
    "等待后仍无法写入，本次操作已中止，未完成的事务没有写入任何数据。请稍后重试；"
    "如反复出现，请检查是否有其他程序长时间占用数据库。\n"
    "The database is locked by another program (another gongkai command or a restore writing "
    "to it); the wait for it timed out, the operation stopped and the transaction it could not "
    "finish wrote nothing. Try again later.\n"
)


def is_locked(error: Exception) -> bool:
    """SQLite's "database is locked" / "database table is locked" (its busy timeout ran out)."""
    return "is locked" in str(error)
