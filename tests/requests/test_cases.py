"""A disclosure request as a case: filing, the timeline's rules, the deadline, lookup."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.requests import services, tracking
from gongkai.requests.models import CaseEvent, RequestCase
from gongkai.requests.taxonomy import (
    OUTCOME_GROUPS,
    ApplicantType,
    EventKind,
    Outcome,
)

APPLICANT = {
    "channel": "online",
    "applicant_type": ApplicantType.NATURAL_PERSON,
    "applicant_name": "王小明",
    "id_kind": "resident_id",
    "id_number": "620321199001011233",
    "phone": "13912345678",
    "description": "2024年永昌县城区义务教育学校招生划片范围",
    "preferred_form": "electronic",
    "delivery": "online",
}


@pytest.fixture
def case(unit):
    return services.file_request(unit=unit, received_on=date(2024, 1, 16), **APPLICANT)


def test_filing_gives_a_checked_tracking_code_and_a_received_event(case):
    assert tracking.normalize(case.tracking_code) == case.tracking_code
    assert [e.kind for e in case.events.all()] == [EventKind.RECEIVED]
    assert case.year_received == 2024 and case.outcome == ""


def test_the_outcomes_are_exactly_the_annual_report_rows():
    assert len(Outcome.values) == 21
    assert [g[0] for g in OUTCOME_GROUPS] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
    ]
    assert sum(len(g[2]) for g in OUTCOME_GROUPS) == 21
    assert [len(g[2]) for g in OUTCOME_GROUPS] == [1, 1, 8, 3, 5, 3]
    assert Outcome.WITHHELD_3.label == "危及“三安全一稳定”"
    assert [t.label for t in ApplicantType] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]  # fmt: skip


def test_the_deadline_of_a_plain_case_is_the_twentieth_working_day(case):
    # Received 2024-01-16: due on the make-up Sunday 2024-02-18 (counted in test_deadlines).
    assert services.deadline(case).due == date(2024, 2, 18)


def test_correction_pause_and_extension_come_from_the_timeline(unit):
    # The combined case of test_deadlines.py, entered as events: received 4/1, correction
    # asked 4/2 and received 4/8, third party consulted 4/15–4/26: due 5/21; extension: 6/19.
    case = services.file_request(unit=unit, received_on=date(2024, 4, 1), **APPLICANT)
    services.record_event(case, EventKind.CORRECTION_REQUESTED, on=date(2024, 4, 2))
    services.record_event(case, EventKind.CORRECTED, on=date(2024, 4, 8))
    services.record_event(case, EventKind.CONSULTATION_SENT, on=date(2024, 4, 15))
    services.record_event(case, EventKind.CONSULTATION_ANSWERED, on=date(2024, 4, 26))
    assert services.deadline(case).due == date(2024, 5, 21)
    services.record_event(case, EventKind.EXTENSION_APPROVED, on=date(2024, 5, 10))
    assert services.deadline(case).due == date(2024, 6, 19)


def test_steps_out_of_order_are_refused_with_a_chinese_reason(case):
    with pytest.raises(ValidationError, match="须先有“告知补正”"):
        services.record_event(case, EventKind.CORRECTED, on=date(2024, 1, 20))
    with pytest.raises(ValidationError, match="须先登记答复"):
        services.record_event(case, EventKind.CLOSED, on=date(2024, 1, 20))
    with pytest.raises(ValidationError, match="不能早于收到申请"):
        services.record_event(case, EventKind.ACCEPTED, on=date(2024, 1, 10))
    with pytest.raises(ValidationError, match="须选择办理结果"):
        services.record_event(case, EventKind.ANSWERED, on=date(2024, 1, 20), outcome="?")
    services.record_event(case, EventKind.EXTENSION_APPROVED, on=date(2024, 2, 1))
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.record_event(case, EventKind.EXTENSION_APPROVED, on=date(2024, 2, 2))


def test_answering_sets_the_outcome_and_closing_the_year_closed(case):
    services.record_event(case, EventKind.ANSWERED, on=date(2024, 2, 5), outcome=Outcome.PARTIAL)
    services.record_event(case, EventKind.DELIVERED, on=date(2024, 2, 6))
    services.record_event(case, EventKind.CLOSED, on=date(2024, 2, 6))
    case.refresh_from_db()
    assert case.outcome == Outcome.PARTIAL and case.answered_on == date(2024, 2, 5)
    assert case.year_closed == 2024 and not case.is_open_at_end_of(2024)
    with pytest.raises(ValidationError, match="已办结"):
        services.record_event(case, EventKind.ACCEPTED, on=date(2024, 3, 1))
    services.record_event(case, EventKind.RECONSIDERATION, on=date(2024, 3, 1))


def test_a_case_received_in_december_and_closed_in_january_is_carried_over(unit):
    case = services.file_request(unit=unit, received_on=date(2024, 12, 20), **APPLICANT)
    services.record_event(case, EventKind.ANSWERED, on=date(2025, 1, 8), outcome="disclosed")
    services.record_event(case, EventKind.CLOSED, on=date(2025, 1, 8))
    case.refresh_from_db()
    assert case.is_open_at_end_of(2024) and not case.is_open_at_end_of(2025)


def test_events_can_be_neither_changed_nor_deleted(case):
    event = case.events.get()
    event.note = "改写"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_applicant_finds_their_case_with_the_code_and_the_last_four(case):
    shown = tracking.display(case.tracking_code).lower()
    assert services.find_case(shown, "5678").case == case  # phone
    assert services.find_case(shown, "1233").case == case  # ID number
    wrong = services.find_case(shown, "0000")
    assert wrong.case is None and wrong.message_zh == "查询码或验证信息不正确，请核对回执。"
    assert services.find_case("7KQ4-M2XR", "5678").message_zh.startswith("查询码应为9位")


def test_a_code_collision_is_retried_not_lost(unit, monkeypatch):
    first = services.file_request(unit=unit, received_on=date(2024, 1, 16), **APPLICANT)
    codes = iter([first.tracking_code, tracking.new_code()])
    monkeypatch.setattr(tracking, "new_code", lambda: next(codes))
    second = services.file_request(unit=unit, received_on=date(2024, 1, 17), **APPLICANT)
    assert second.tracking_code != first.tracking_code
    assert RequestCase.objects.count() == 2 and CaseEvent.objects.count() == 2


def test_bad_fields_are_refused_before_anything_is_written(unit):
    with pytest.raises(ValidationError):
        services.file_request(
            unit=unit, received_on=date(2024, 1, 16), **{**APPLICANT, "applicant_type": "x"}
        )
    assert not RequestCase.objects.exists() and not CaseEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_hundred_parallel_filings_make_two_hundred_cases_with_distinct_codes():
    from tests.factories import UnitFactory

    unit = UnitFactory(code="620321096")
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(25):
                services.file_request(unit=unit, received_on=date(2024, 3, 1), **APPLICANT)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    codes = list(RequestCase.objects.filter(unit=unit).values_list("tracking_code", flat=True))
    assert len(codes) == 200 and len(set(codes)) == 200
    assert CaseEvent.objects.filter(case__unit=unit, kind=EventKind.RECEIVED).count() == 200
