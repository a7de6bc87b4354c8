"""Art. 26: proactive information is public within 20 working days of being formed or changed.

Deadlines below were counted by hand on the State Council holiday notices; the day of
formation is not counted.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.publishing.roles import Role
from gongkai.publishing.timeliness import State, assess, due_date
from tests.factories import DocumentFactory


@pytest.mark.parametrize(
    "formed, due",
    [
        # 2024 春节: 2/10–2/17 off; Sundays 2/4 and 2/18 are make-up working days.
        # 2/2(1) 2/4(2) 2/5–2/9(3–7) 2/18(8) 2/19–23(9–13) 2/26–3/1(14–18) 3/4(19) 3/5(20)
        (date(2024, 2, 1), date(2024, 3, 5)),
        # 2025 春节: 1/28–2/4 off; 1/26 (Sun) and 2/8 (Sat) work.
        # 1/21–24(1–4) 1/26(5) 1/27(6) 2/5–7(7–9) 2/8(10) 2/10–14(11–15) 2/17–21(16–20)
        (date(2025, 1, 20), date(2025, 2, 21)),
        # 2024 国庆: 10/1–10/7 off; 9/29 (Sun) and 10/12 (Sat) work.
        # 9/26–27(1–2) 9/29(3) 9/30(4) 10/8–11(5–8) 10/12(9) 10/14–18(10–14) 10/21–25(15–19) 10/28(20)
        (date(2024, 9, 25), date(2024, 10, 28)),
        # 2023 中秋国庆: 9/29–10/6 off; 10/7 (Sat) and 10/8 (Sun) work.
        # 9/27–28(1–2) 10/7–8(3–4) 10/9–13(5–9) 10/16–20(10–14) 10/23–27(15–19) 10/30(20)
        (date(2023, 9, 26), date(2023, 10, 30)),
    ],
)
def test_the_deadline_is_the_twentieth_working_day_after_formation(formed, due):
    assert due_date(formed) == due


def test_published_on_the_deadline_is_on_time():
    result = assess(date(2024, 9, 25), date(2024, 10, 28), today=date(2024, 12, 1))
    assert result.state == State.ON_TIME and result.due_on == date(2024, 10, 28)


def test_published_two_working_days_late_says_so():
    result = assess(date(2024, 9, 25), date(2024, 10, 30), today=date(2024, 12, 1))
    assert result.state == State.LATE and result.late_by == 2
    assert result.label == "逾期公开2个工作日"


def test_unpublished_past_the_deadline_is_overdue_by_working_days():
    result = assess(date(2024, 9, 25), None, today=date(2024, 11, 1))
    assert result.state == State.OVERDUE and result.late_by == 4


def test_unpublished_before_the_deadline_counts_the_working_days_left():
    # Formed 2024-02-01, due 2024-03-05; on 2024-02-09 (before 春节) 2/18, 2/19–23, 2/26–3/1,
    # 3/4, 3/5 are left: 1 + 5 + 5 + 2 = 13.
    result = assess(date(2024, 2, 1), None, today=date(2024, 2, 9))
    assert result.state == State.PENDING and result.left == 13


def test_a_year_without_a_holiday_notice_is_reported_not_guessed():
    result = assess(date(2026, 12, 20), None, today=date(2026, 12, 21))
    assert result.state == State.UNKNOWN and "2027" in result.note


@pytest.fixture
def report_documents(edu, police):
    DocumentFactory(
        unit=edu, title="按时的通知", written_on=date(2024, 9, 25), published_on=date(2024, 10, 28)
    )
    DocumentFactory(
        unit=edu, title="迟发的通知", written_on=date(2024, 9, 25), published_on=date(2024, 10, 30)
    )
    late = DocumentFactory.build(unit=police, title="一直未发的通知", written_on=date(2024, 9, 25))
    late.live, late.published_on = False, None
    late.save()


def test_the_disclosure_office_sees_timeliness_by_unit(staff, login, report_documents):
    client = login(staff[Role.OFFICE])
    page = client.get(
        reverse("publishing:timeliness"), {"start": "2024-01-01", "end": "2024-12-31"}
    ).content.decode()
    assert "永昌县教育局" in page and "永昌县公安局" in page
    assert "逾期公开2个工作日" in page and "迟发的通知" in page and "一直未发的通知" in page
    assert "按时的通知" not in page  # only problems are listed one by one


def test_the_timeliness_report_exports_to_excel(staff, login, report_documents):
    client = login(staff[Role.OFFICE])
    response = client.get(
        reverse("publishing:timeliness"),
        {"start": "2024-01-01", "end": "2024-12-31", "format": "xlsx"},
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["按机构"].iter_rows(min_row=3, values_only=True))
    by_unit = {r[0]: r for r in rows}
    assert by_unit["永昌县教育局"][1:3] == (1, 1)  # one on time, one late
    assert by_unit["永昌县公安局"][3] == 1  # one overdue and unpublished
    details = list(book["逾期明细"].iter_rows(min_row=2, values_only=True))
    assert {d[2] for d in details} == {"迟发的通知", "一直未发的通知"}


def test_a_bad_period_gets_a_chinese_message(staff, login, report_documents):
    page = (
        login(staff[Role.OFFICE])
        .get(reverse("publishing:timeliness"), {"start": "2024-12-31", "end": "2024-01-01"})
        .content.decode()
    )
    assert "开始日期不能晚于结束日期" in page
