"""`gongkai import-decisions FILE --unit CODE [--json]`: import 行政许可/处罚/强制 decisions and
行政事业性收费 for section 二 of the annual report from a CSV or XLSX file.

All or nothing: with any bad row nothing is stored, every bad cell is listed (row, column,
reason in Chinese and English) and the exit status is 2. Columns: see reports/decisions.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from gongkai.orgs.models import Unit
from gongkai.reports.models import DecisionKind
from gongkai.reports.services import import_decisions


class Command(BaseCommand):
    help = "Import decision and fee records (CSV/XLSX) for section 二 of the annual report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".csv (UTF-8 or GBK) or .xlsx")
        parser.add_argument("--unit", required=True, help="unit code for rows without 机构代码")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            self._fail(
                f"没有机构代码为“{options['unit']}”的机构。", f"No unit {options['unit']!r}."
            )
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            self._fail(f"无法读取文件：{path}", f"Cannot read {path}: {error.strerror}")
        result = import_decisions(unit, data, path.name)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "created": result.created,
                        "by_kind": result.by_kind,
                        "errors": [
                            {"line": e.line, "column": e.column, "message": e.message_zh}
                            for e in result.errors
                        ]
                        + (
                            [{"line": 0, "column": "", "message": result.file_error.message_zh}]
                            if result.file_error
                            else []
                        ),
                    },
                    ensure_ascii=False,
                )
            )
        if result.file_error is not None:
            self._fail(result.file_error.message_zh, result.file_error.message_en)
        if result.errors:
            for e in result.errors:
                self.stderr.write(
                    f"第{e.line}行“{e.column}”：{e.message_zh} / row {e.line}: {e.message_en}"
                )
            self.stderr.write(
                f"共{len(result.errors)}处错误，未导入任何记录。 / "
                f"{len(result.errors)} error(s); nothing was imported."
            )
            raise SystemExit(2)
        if not options["json"]:
            kinds = "，".join(
                f"{DecisionKind(k).label}{n}件" for k, n in sorted(result.by_kind.items())
            )
            self.stdout.write(
                f"已导入{result.created}行（{kinds or '无'}）。 / imported {result.created} rows."
            )

    def _fail(self, zh: str, en: str) -> None:
        self.stderr.write(f"错误 / error: {zh} / {en}")
        raise SystemExit(2)
