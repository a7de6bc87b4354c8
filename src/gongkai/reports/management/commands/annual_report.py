"""`gongkai annual-report --unit CODE --year YYYY --format json|html|docx|pdf|xlsx
[--output PATH]`: a unit's 政府信息公开工作年度报告 in the national format
(国办公开办函〔2021〕30号), computed from the platform's records (reports/compute.py).

JSON goes to stdout unless --output is given; the binary formats need --output (or go to
stdout when it is not a terminal). A report whose tables break an identity of the format is not
produced: every broken identity is printed in Chinese and English and the exit status is 2.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from gongkai.orgs.models import Unit
from gongkai.reports import compute, tables

FORMATS = ("json", "html", "docx", "pdf", "xlsx")


def standalone_html(report: dict) -> str:
    from gongkai.reports import render

    parts = [f"<h1>{html.escape(report['title'])}</h1>"]
    for key in ("一", "五", "六"):
        text = report["narrative"].get(key, "")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        parts.append(f'<section data-section="{key}">{paragraphs}</section>')
    parts.append(render.render_html_tables(report))
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(report['title'])}</title></head><body>\n{body}\n</body></html>\n"
    )


class Command(BaseCommand):
    help = "An annual report in the national format, computed from the platform's records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code, e.g. 620321000")
        parser.add_argument("--year", required=True, type=int, help="the year reported on")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument(
            "--output", help="file to write (required for docx, pdf, xlsx on a terminal)"
        )

    def handle(self, *args, **options) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            self._fail(
                f"没有机构代码为“{options['unit']}”的机构。", f"No unit {options['unit']!r}."
            )
        year = options["year"]
        if not 2008 <= year <= 2100:
            self._fail(f"年度“{year}”不在2008至2100之间。", f"Year {year} is out of range.")
        try:
            report = compute.build(unit, year)
        except tables.ReportDataError as error:
            self._fail(error.message_zh, error.message_en)
        if report.errors:
            for e in report.errors:
                self.stderr.write(f"{e.message_zh} / {e.message_en}")
            self.stderr.write(
                f"表格有{len(report.errors)}处不符合年度报告的勾稽关系，未生成报告。 / "
                f"{len(report.errors)} identity check(s) failed; no report was produced."
            )
            raise SystemExit(2)
        data = report.for_render()
        fmt = options["format"]
        if fmt == "json":
            out: bytes = json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode()
        elif fmt == "html":
            out = standalone_html(data).encode()
        else:
            from gongkai.reports import render

            out = {
                "docx": render.render_docx,
                "pdf": render.render_pdf,
                "xlsx": render.render_xlsx,
            }[fmt](data)
        if options["output"]:
            Path(options["output"]).write_bytes(out)
            self.stderr.write(f"已写入 / written: {options['output']}")
        elif fmt in ("docx", "pdf", "xlsx") and sys.stdout.isatty():
            self._fail("请用 --output 指定文件。", "Use --output FILE for a binary format.")
        elif fmt in ("json", "html"):
            self.stdout.write(out.decode())
        else:
            sys.stdout.buffer.write(out)

    def _fail(self, zh: str, en: str) -> None:
        self.stderr.write(f"错误 / error: {zh} / {en}")
        raise SystemExit(2)
