"""Importing the seed page: one published document with the full text, figures as data."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog.models import Document
from gongkai.ops.demo import seed_page
from gongkai.ops.importer import ImportError_, import_legacy_page
from gongkai.reports.models import AnnualReport, ReportSource

DATE = dt.date(2015, 3, 31)


@pytest.fixture
def imported(unit):
    return import_legacy_page(
        seed_page(), unit, unit.columns.get(key="annual_report"), written_on=DATE, published_on=DATE
    )


def test_the_seed_becomes_one_published_document_in_the_annual_report_column(
    client, unit, imported
):
    doc = imported.document
    assert imported.created and doc.live and doc.title == "永昌县2014年政府信息公开工作年度报告"
    listing = client.get(f"/u/{unit.code}/c/annual_report/").content.decode()
    assert doc.get_absolute_url() in listing
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "<h2>一、概述</h2>" in page and "<h2>六、工作存在的主要问题和改进措施</h2>" in page
    # the full text, once: the seed page carries its body twice
    assert page.count("主动公开政府信息3860余条") == 1
    assert "上网信息不涉密,涉密信息不上网" in page
    for chrome in ["市政府工作机构", "简       历", "公共企事业信息公开</a></li>"]:
        assert chrome not in page.split('class="prose doc-body"')[1].split("</article>")[0]


def test_the_reports_figures_are_recorded_as_data(imported, unit):
    report = AnnualReport.objects.get(unit=unit, year=2014)
    assert report.document == imported.document
    assert report.source == ReportSource.BACKFILLED
    assert (report.proactive_items, report.requests_received, report.requests_answered) == (
        3860,
        1,
        1,
    )
    assert report.fees_yuan == 0 and report.reconsiderations == 0 and report.litigations == 0


def test_importing_the_same_page_twice_creates_no_duplicate(imported, unit):
    again = import_legacy_page(
        seed_page(), unit, unit.columns.get(key="annual_report"), written_on=DATE, published_on=DATE
    )
    assert not again.created and again.document == imported.document
    assert Document.objects.count() == 1 and AnnualReport.objects.count() == 1


def test_a_page_without_dates_needs_them_from_the_caller_and_nothing_is_written(unit):
    with pytest.raises(ImportError_) as info:
        import_legacy_page(seed_page(), unit, unit.columns.get(key="guide"))
    assert "成文日期" in info.value.message_zh
    assert not Document.objects.exists()
