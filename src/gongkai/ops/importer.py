"""Importing pages of the legacy county site into the catalog (gongkai import-html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from gongkai.catalog import columns as standard
from gongkai.catalog.models import Column, Document, DocumentForm, Topic
from gongkai.ops.legacy import LegacyPage, extract_report_figures, parse_legacy_page
from gongkai.orgs.models import Unit
from gongkai.reports.models import AnnualReport, ReportSource, ReportStatus

CENT = Decimal("0.01")


class ImportError_(ValueError):
    """A page that cannot be imported as asked; carries a Chinese and an English message."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en


@dataclass
class ImportResult:
    document: Document
    created: bool
    page: LegacyPage
    report: AnnualReport | None


@transaction.atomic
def import_legacy_page(
    raw: str | bytes,
    unit: Unit,
    column: Column,
    *,
    source_name: str = "",
    written_on: dt.date | None = None,
    published_on: dt.date | None = None,
) -> ImportResult:
    """Create a published document from a legacy page, or return the one already imported.

    Dates the page states win; otherwise the caller must give them: a date is never guessed.
    A page in the 年报 column also records the report's stated figures as structured data.
    """
    if column.unit_id != unit.pk:
        raise ImportError_(
            f"栏目“{column.name}”不属于{unit.name}。", "the column belongs to another unit"
        )
    page = parse_legacy_page(raw)
    existing = Document.objects.filter(source_fingerprint=page.fingerprint()).first()
    if existing is not None:
        return ImportResult(existing, False, page, _record_report(page, existing, column))

    written = page.written_on or written_on
    published = page.published_on or published_on
    if written is None or published is None:
        raise ImportError_(
            "页面没有写明成文日期或发布日期，请用 --written-on 和 --published-on 指定（格式 2015-03-31）。",
            "the page states no written/published date: give --written-on and --published-on (YYYY-MM-DD)",
        )
    document = Document(
        unit=unit,
        title=page.title,
        doc_no="",
        written_on=written,
        published_on=published,
        topic=Topic.GENERAL,
        form=DocumentForm.OTHER,
        keywords="政府信息公开 年度报告" if column.key == standard.ANNUAL_REPORT else "",
        body=page.body_html(),
        source_fingerprint=page.fingerprint(),
        source_name=source_name[:300],
        live=True,
        has_unpublished_changes=False,
    )
    document.columns.set([column])
    document.full_clean(exclude=["index_no", "index_year", "index_seq"])
    document.save()
    return ImportResult(document, True, page, _record_report(page, document, column))


def _record_report(page: LegacyPage, document: Document, column: Column) -> AnnualReport | None:
    if column.key != standard.ANNUAL_REPORT:
        return None
    figures = extract_report_figures(page)
    report, _ = AnnualReport.objects.update_or_create(
        unit=document.unit,
        year=figures.year,
        defaults={
            "document": document,
            "source": ReportSource.BACKFILLED,
            "status": ReportStatus.PUBLISHED,
            "proactive_items": figures.proactive_items,
            "requests_received": figures.requests_received,
            "requests_answered": figures.requests_answered,
            "fees_yuan": (
                figures.fees_yuan.quantize(CENT) if figures.fees_yuan is not None else None
            ),
            "reconsiderations": figures.reconsiderations,
            "litigations": figures.litigations,
        },
    )
    return report
