"""The applicant's status page: code + last 4 characters, the public timeline, nothing more."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from gongkai.requests import services, tracking
from gongkai.requests.models import RequestCase
from gongkai.requests.taxonomy import EventKind, Outcome

STATUS = "/apply/status/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case(unit):
    return services.file_request(
        unit=unit,
        received_on=date(2024, 1, 16),
        channel="online",
        applicant_type="natural_person",
        applicant_name="王小明",
        id_kind="resident_id",
        id_number="11010519491231002X",
        phone="13912345678",
        email="wang@example.cn",
        address="永昌县城关镇某路1号",
        description="2024年永昌县城区义务教育学校招生划片范围",
        preferred_form="electronic",
        delivery="online",
    )


def code_of(case: RequestCase) -> str:
    return tracking.display(case.tracking_code)


def look_up(client, code: str, verifier: str):
    return client.post(STATUS, {"code": code, "verifier": verifier})


def test_the_status_page_asks_for_the_code_and_the_last_four(client, db):
    html = client.get(STATUS).content.decode()
    assert '<label for="id_code"' in html and '<label for="id_verifier"' in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


def test_the_code_in_any_case_and_spacing_with_the_phone_s_last_four_shows_the_timeline(
    client, case
):
    typed = " " + code_of(case).lower().replace("-", " ") + " "
    response = look_up(client, typed, "5678")
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert code_of(case) in html and case.unit.name in html
    assert "收到申请" in html and "2024年1月16日" in html and "2024年2月18日" in html
    assert "王**" in html
    for private in ["王小明", "13912345678", "11010519491231002X", "wang@example.cn", "某路1号"]:
        assert private not in html
    assert case.tracking_code not in response.request.get("QUERY_STRING", "")


def test_the_last_four_of_the_id_number_work_too(client, case):
    html = look_up(client, code_of(case), "002x").content.decode()
    assert "办理过程" in html and "收到申请" in html


def test_a_wrong_verifier_and_a_wrong_code_get_the_same_page(client, case):
    other_code = tracking.display(tracking.new_code())
    wrong_verifier = look_up(client, code_of(case), "0000")
    wrong_code = look_up(client, other_code, "5678")
    assert wrong_verifier.status_code == wrong_code.status_code == 200
    message = "查询码或验证信息不正确，请核对回执。"

    def shape(response, typed):
        html = response.content.decode().replace(typed, "CODE")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert message in wrong_verifier.content.decode()
    assert shape(wrong_verifier, code_of(case)) == shape(wrong_code, other_code)
    assert "办理过程" not in wrong_verifier.content.decode()


def test_a_mistyped_code_says_what_is_wrong(client, case):
    html = look_up(client, code_of(case)[:-1], "5678").content.decode()
    assert "查询码应为9位" in html


def test_staff_notes_and_the_handler_never_reach_the_applicant(client, case):
    officer = get_user_model().objects.create_user("li", first_name="李承办人")
    case.handler = officer
    case.save()
    services.record_event(
        case,
        EventKind.ACCEPTED,
        on=date(2024, 1, 17),
        user=officer,
        note="内部备注：申请人多次来电",
    )
    html = look_up(client, code_of(case), "5678").content.decode()
    assert "受理" in html and "2024年1月17日" in html
    assert "内部备注" not in html and "李承办人" not in html


def test_the_outcome_is_shown_in_words_the_applicant_understands(client, case):
    services.record_event(case, EventKind.ANSWERED, on=date(2024, 2, 5), outcome=Outcome.WITHHELD_1)
    html = look_up(client, code_of(case), "5678").content.decode()
    assert "不予公开（属于国家秘密）" in html and "2024年2月5日" in html
    assert "行政复议" in html


def test_partial_disclosure_drops_the_report_s_counting_note(client, case):
    services.record_event(case, EventKind.ANSWERED, on=date(2024, 2, 5), outcome=Outcome.PARTIAL)
    html = look_up(client, code_of(case), "5678").content.decode()
    assert "部分公开" in html and "只计这一情形" not in html


def test_too_many_look_ups_from_one_address_get_a_429(client, case, settings):
    settings.GONGKAI_FOI_RATE_STATUS = "2/10m"
    for _ in range(2):
        look_up(client, code_of(case), "0000")
    response = look_up(client, code_of(case), "5678")
    html = response.content.decode()
    assert response.status_code == 429 and "查询次数过多" in html and "分钟后" in html
    assert "办理过程" not in html and int(response["Retry-After"]) > 0


def test_one_code_cannot_be_tried_from_many_addresses(case, settings):
    settings.GONGKAI_FOI_RATE_STATUS_CODE = "2/h"
    for n in range(2):
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(STATUS, {"code": code_of(case), "verifier": "0000"})
    response = Client(REMOTE_ADDR="10.0.0.9").post(
        STATUS, {"code": code_of(case), "verifier": "5678"}
    )
    assert response.status_code == 429


def test_the_look_up_needs_its_csrf_token(case):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(STATUS, {"code": code_of(case), "verifier": "5678"}).status_code == 403


def test_an_empty_look_up_says_what_is_missing(client, db):
    html = client.post(STATUS, {"code": "", "verifier": ""}).content.decode()
    assert "请输入回执上的查询码" in html and 'href="#id_code"' in html
    assert 'aria-invalid="true"' in html
