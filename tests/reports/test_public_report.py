"""A published annual report on the public site: its tables in the text, and the comparison
with last year as a pygal picture with the same figures in words."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.reports import narrative, tables
from gongkai.reports.models import AnnualReport
from gongkai.requests import services
from gongkai.requests.taxonomy import EventKind
from tests.factories import DocumentFactory
from tests.requests.test_cases import APPLICANT

pytestmark = pytest.mark.django_db


def test_a_published_report_shows_tables_and_a_chart_against_last_year(client, edu):
    for year, n in ((2024, 1), (2025, 3)):
        for i in range(n):
            case = services.file_request(unit=edu, received_on=date(year, 3, 3 + i), **APPLICANT)
            services.record_event(
                case, EventKind.ANSWERED, on=date(year, 3, 20), outcome="disclosed"
            )
        narrative.generate_document(edu, year, live=True, published_on=date(year + 1, 1, 20))
    doc = AnnualReport.objects.get(unit=edu, year=2025).document
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "<table" in page and "一、本年新收政府信息公开申请数量" in page
    assert 'scope="col"' in page and 'headers="' in page  # cells tied to spanning headings
    assert "新收申请3件（2024年1件）" in page  # the chart's text alternative
    svg = client.get(doc.get_absolute_url() + "chart.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert "<script" not in body and "2024年" in body and "2025年" in body


def test_an_ordinary_document_has_no_chart(client, edu):
    doc = DocumentFactory(unit=edu)
    assert client.get(doc.get_absolute_url() + "chart.svg").status_code == 404


def test_a_report_with_a_broken_identity_is_not_generated(edu):
    zero = tables.as_json(tables.AnnualTables())
    zero["三"]["rows"][0]["values"]["自然人"] = 5
    AnnualReport.objects.create(unit=edu, year=2020, source="backfilled", frozen_sections=zero)
    with pytest.raises(narrative.ReportNotReady) as error:
        narrative.generate_document(edu, 2020)
    assert "自然人" in str(error.value)
