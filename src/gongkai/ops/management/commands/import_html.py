"""gongkai import-html FILE --unit CODE --column COLUMN: import a legacy page, print it as JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog.models import Column
from gongkai.ops.importer import ImportError_, import_legacy_page
from gongkai.ops.legacy import LegacyPageError
from gongkai.orgs.models import Unit


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD: {text}") from None


class Command(BaseCommand):
    help = "导入旧网站的页面（HTML 或文本）为政府信息 / import a legacy page as a document"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="机构代码 / unit code")
        parser.add_argument(
            "--column", required=True, help="栏目标识 / column key, e.g. annual_report"
        )
        parser.add_argument("--written-on", type=_date, help="成文日期 if the page states none")
        parser.add_argument("--published-on", type=_date, help="发布日期 if the page states none")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}", returncode=2)
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(
                f"没有机构代码为 {options['unit']} 的机构 / no such unit", returncode=2
            )
        column = Column.objects.filter(unit=unit, key=options["column"]).first()
        if column is None:
            raise CommandError(
                f"{unit.name}没有栏目“{options['column']}” / no such column", returncode=2
            )
        try:
            result = import_legacy_page(
                path.read_bytes(),
                unit,
                column,
                source_name=path.name,
                written_on=options["written_on"],
                published_on=options["published_on"],
            )
        except (LegacyPageError, ImportError_) as error:
            raise CommandError(f"{error.message_zh} / {error.message_en}", returncode=2) from error
        doc = result.document
        output = {
            "created": result.created,
            "index_no": doc.index_no,
            "title": doc.title,
            "doc_no": doc.doc_no or None,
            "written_on": doc.written_on.isoformat(),
            "published_on": doc.published_on.isoformat() if doc.published_on else None,
            "unit": unit.code,
            "columns": [c.key for c in doc.columns.all()],
            "url": doc.get_absolute_url(),
            "sections": [s.heading for s in result.page.sections],
            "doc_nos_in_body": result.page.doc_nos,
        }
        if result.report is not None:
            r = result.report
            output["annual_report"] = {
                "year": r.year,
                "proactive_items": r.proactive_items,
                "requests_received": r.requests_received,
                "requests_answered": r.requests_answered,
                "fees_yuan": str(r.fees_yuan) if r.fees_yuan is not None else None,
                "reconsiderations": r.reconsiderations,
                "litigations": r.litigations,
            }
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
