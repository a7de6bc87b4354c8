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

    execute_from_command_line(args)
