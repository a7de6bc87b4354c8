"""The public look-up forms fuzzed (the submission forms have their own fuzz tests next to
them): whatever is typed into the 依申请公开 status page, the 留言 look-up or the 留言 list's
filters, the answer is a page, never a 500, and a case or message is shown only for its own
查询码 with its own verifier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.interaction.messages import services as message_services
from gongkai.interaction.messages.forms import LookupForm
from gongkai.interaction.messages.models import MessageKind
from gongkai.requests import services as request_services
from gongkai.requests import tracking
from gongkai.requests.public_forms import StatusForm

fuzz = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
FOUND = 'id="result-title"'  # the heading of a found case or message, on both pages

garbage = st.text(max_size=60) | st.sampled_from(
    ["", " ", "\x00", "<script>", "ＡＢＣＤ", "王小明'"]
)


def spellings(code: str) -> st.SearchStrategy[str]:
    """The real code as a citizen might type it: any case, spaces or dashes, or a typo."""
    display = tracking.display(code)
    return st.sampled_from(
        [code, code.lower(), display, display.replace("-", " "), f"  {display}  ", code[:-1], ""]
    ) | st.builds(lambda s, t: s + t, st.just(code), garbage)


def typed_code(real: str) -> st.SearchStrategy[str]:
    return spellings(real) | garbage


def answer_of(response) -> tuple[int, bool]:
    return response.status_code, FOUND in response.content.decode()


def normalized(text: str) -> str:
    try:
        return tracking.normalize(text)
    except tracking.TrackingCodeError:
        return ""


@pytest.fixture
def case(unit):
    return request_services.file_request(
        unit=unit,
        received_on=dt.date(2024, 1, 16),
        channel="online",
        applicant_type="natural_person",
        applicant_name="王小明",
        id_kind="resident_id",
        id_number="11010519491231002X",
        phone="13912345678",
        description="2024年永昌县城区义务教育学校招生划片范围",
        preferred_form="electronic",
        delivery="online",
    )


@pytest.fixture
def message(unit):
    return message_services.submit(
        unit=unit,
        kind=MessageKind.CONSULT,
        at=dt.datetime(2026, 2, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        subject="小学新生入学需要哪些材料",
        text="孩子今年上一年级，请问报名要带什么材料？",
        name="王建华",
        phone="13912345679",
        email="wang@example.cn",
        public=True,
    )


@fuzz
@given(data=st.data())
def test_the_request_status_page_never_fails_and_shows_a_case_only_to_its_applicant(case, data):
    cache.clear()  # the look-up's rate limit is not what is tested here
    code = data.draw(typed_code(case.tracking_code), label="code")
    verifier = data.draw(st.sampled_from(["5678", "002x", "002X", " 5678 ", "1234"]) | garbage)
    response = Client().post("/apply/status/", {"code": code, "verifier": verifier})
    # What the form keeps of the typing (it drops control and unassigned characters, NUL among
    # them, and spaces from the verifier) is what must match.
    form = StatusForm({"code": code, "verifier": verifier})
    right = (
        form.is_valid()
        and normalized(form.cleaned_data["code"]) == case.tracking_code
        and form.cleaned_data["verifier"] in ("5678", "002X")
    )
    assert answer_of(response) == (200, right)


@fuzz
@given(data=st.data())
def test_the_message_look_up_never_fails_and_shows_a_message_only_to_its_writer(message, data):
    cache.clear()
    code = data.draw(typed_code(message.code), label="code")
    verifier = data.draw(
        st.sampled_from(["5679", "WANG@example.cn", "wang@example.cn ", "5678"]) | garbage
    )
    response = Client().post("/messages/status/", {"code": code, "verifier": verifier})
    form = LookupForm({"code": code, "verifier": verifier})
    right = (
        form.is_valid()
        and normalized(form.cleaned_data["code"]) == message.code
        and form.cleaned_data["verifier"].lower() in ("5679", "wang@example.cn")
    )
    assert answer_of(response) == (200, right)


@fuzz
@given(unit_code=garbage, kind=garbage | st.sampled_from(MessageKind.values), page=garbage)
def test_the_message_list_filters_never_fail(message, unit_code, kind, page):
    response = Client().get("/messages/", {"unit": unit_code, "kind": kind, "page": page})
    nul = "\x00" in unit_code + kind + page
    assert response.status_code == (400 if nul else 200)
