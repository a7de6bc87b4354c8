"""The annual report in the back office: drafts from the data, the text generated as a
document for review, submission and who is late, downloads, and unit scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from docx import Document as Docx

from gongkai.publishing.roles import Role
from gongkai.reports import narrative
from gongkai.reports.models import AnnualReport
from gongkai.requests import services
from gongkai.requests.taxonomy import EventKind
from tests.publishing.test_roles import denied
from tests.requests.test_cases import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def edu_2025(edu):
    case = services.file_request(unit=edu, received_on=date(2025, 3, 3), **APPLICANT)
    services.record_event(case, EventKind.ANSWERED, on=date(2025, 3, 20), outcome="disclosed")
    return edu


def test_the_draft_states_the_years_figures(edu_2025):
    text = narrative.drafts(edu_2025, 2025)
    assert "全年新收政府信息公开申请1件" in text["一"]
    assert "作出答复1件，其中在法定期限内答复1件" in text["一"]
    assert "本年度未收取信息处理费" in text["六"]
    assert narrative.TODO in text["一"]  # what the records cannot know is left to staff


def test_an_officer_writes_generates_and_submits_their_units_report(login, staff, edu_2025):
    client = login(staff[Role.OFFICER])
    url = reverse("reports_admin:report", args=[edu_2025.code, 2025])
    page = client.get(url).content.decode()
    assert "全年新收政府信息公开申请1件" in page and "<caption" in page
    data = {"general": "本年总体情况。", "problems": "问题。", "other_matters": "无。"}
    response = client.post(url, {**data, "action": "generate"})
    record = AnnualReport.objects.get(unit=edu_2025, year=2025)
    assert response.status_code == 302 and record.document is not None
    assert not record.document.live  # published only through the review
    assert "本年总体情况。" in record.document.body and "<table" in record.document.body
    assert record.frozen_sections["三"]["rows"][0]["values"]["总计"] == 1
    # A step recorded later does not change the generated report's tables.
    late = services.file_request(unit=edu_2025, received_on=date(2025, 12, 1), **APPLICANT)
    assert late.pk
    assert AnnualReport.objects.get(pk=record.pk).frozen_sections == record.frozen_sections
    client.post(url, {**data, "action": "submit"})
    record.refresh_from_db()
    assert record.status == "submitted" and record.submitted_by == staff[Role.OFFICER]
    listing = client.get(reverse("reports_admin:reports"), {"year": 2025}).content.decode()
    assert "已报送" in listing


def test_downloads_read_back(login, staff, edu_2025):
    client = login(staff[Role.OFFICER])
    response = client.get(
        reverse("reports_admin:report_download", args=[edu_2025.code, 2025, "docx"])
    )
    assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]
    import io

    cells = {
        c.text for t in Docx(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells
    }
    assert "一、本年新收政府信息公开申请数量" in cells


def test_other_units_reports_are_out_of_reach(login, staff, edu_2025, police):
    client = login(staff["police_officer"])
    assert (
        client.get(reverse("reports_admin:report", args=[edu_2025.code, 2025])).status_code == 404
    )
    listing = client.get(reverse("reports_admin:reports"), {"year": 2025}).content.decode()
    assert "永昌县公安局" in listing and "永昌县教育局" not in listing
    assert denied(login(staff[Role.ADMIN]).get(reverse("reports_admin:reports")))


def test_the_office_sees_who_is_late(login, staff, edu_2025, police, county):
    AnnualReport.objects.create(
        unit=police, year=2025, source="computed", submitted_at="2026-01-20T10:00+08:00"
    )
    AnnualReport.objects.create(
        unit=edu_2025, year=2025, source="computed", submitted_at="2026-02-03T10:00+08:00"
    )
    page = login(staff[Role.OFFICE]).get(reverse("reports_admin:reports"), {"year": 2025})
    rows = {r["unit"].code: r for r in page.context["rows"]}
    assert not rows[police.code]["late"] and rows[edu_2025.code]["late"]
    assert rows[county.code]["due"] == date(2026, 3, 31)


def backfill_post(**cells):
    from gongkai.reports import tables

    data = {f"t2-{name}": "0" for name in tables.SECTION_TWO_CELLS}
    for key in tables.VALUE_ROWS:
        for i, _ in enumerate(tables.SECTION_THREE_COLUMNS):
            data[f"t3-{key}-{i}"] = "0"
    for key, _ in tables.APPEAL_GROUPS:
        for i, _ in enumerate(tables.APPEAL_COLUMNS):
            data[f"t4-{key}-{i}"] = "0"
    data.update(cells)
    return data


def test_a_year_before_the_platform_is_typed_by_hand_and_checked(login, staff, edu):
    client = login(staff[Role.OFFICER])
    url = reverse("reports_admin:backfill", args=[edu.code, 2018])
    # 1 request from a natural person, answered 予以公开 — but the 总计 column is forgotten.
    cells = {"t3-new-0": "1", "t3-disclosed-0": "1", "t3-total-0": "1", "t2-fees_wan_yuan": "abc"}
    response = client.post(url, backfill_post(**cells))
    page = response.content.decode()
    assert response.status_code == 200 and "未保存" in page and "应填写金额" in page
    assert 'value="1"' in page  # what was typed is kept
    response = client.post(url, backfill_post(**{**cells, "t2-fees_wan_yuan": "0.5"}))
    assert "“总计”" in response.content.decode()  # the 总计 column does not add up
    assert not AnnualReport.objects.filter(year=2018).exists()
    cells.update({"t3-new-6": "1", "t3-disclosed-6": "1", "t3-total-6": "1"})
    response = client.post(url, backfill_post(**{**cells, "t2-fees_wan_yuan": "0.5"}))
    assert response.status_code == 302
    record = AnnualReport.objects.get(unit=edu, year=2018)
    assert record.source == "backfilled"
    data = client.get(reverse("reports_admin:report", args=[edu.code, 2018]))
    assert data.context["report"].tables.three.get("disclosed", "总计") == 1


def test_a_year_with_cases_cannot_be_typed(login, staff, edu_2025):
    response = login(staff[Role.OFFICER]).get(
        reverse("reports_admin:backfill", args=[edu_2025.code, 2025])
    )
    assert response.status_code == 302
