"""The public request form, as a citizen uses it: fields, Chinese errors, the guard, the receipt."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader

from gongkai.orgs.models import UnitKind
from gongkai.publishing.scanner import resident_id_check_char
from gongkai.requests import guard, public_views, tracking
from gongkai.requests.models import CaseEvent, RequestCase
from tests.factories import UnitFactory

RECEIVED = date(2024, 1, 16)  # due on the make-up Sunday 2024-02-18 (test_cases.py)
RESIDENT_ID = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"
DESCRIPTION = "2024年永昌县城区义务教育学校招生划片范围的通知\n及其附件"


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def filled(**changes) -> dict:
    """A complete, valid form as a person would send it (shown a minute ago)."""
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "王小明",
        "id_kind": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13912345678",
        "email": "",
        "address": "",
        "description": DESCRIPTION,
        "purpose": "",
        "preferred_form": "electronic",
        "delivery": "online",
        "confirm": "on",
        guard.TOKEN_FIELD: guard.issue_token(now=time.time() - 60),
        guard.HONEYPOT_FIELD: "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(autouse=True)
def _fresh_limits_and_a_fixed_day(monkeypatch):
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    monkeypatch.setattr(public_views, "today_in_china", lambda: RECEIVED)
    yield
    cache.clear()


def url(unit) -> str:
    return f"/u/{unit.code}/apply/"


def page(response) -> str:
    return response.content.decode()


def test_the_unit_form_shows_the_unit_and_accessible_fields(client, unit):
    response = client.get(url(unit))
    html = page(response)
    assert response.status_code == 200 and unit.name in html
    assert "<legend>法人或其他组织</legend>" in html
    for label in ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]:
        assert f">{label}</label>" in html
    assert 'type="tel"' in html and 'type="email"' in html
    assert 'autocomplete="tel"' in html and 'autocomplete="name"' in html
    assert 'class="hp" aria-hidden="true"' in html and 'tabindex="-1"' in html
    assert 'name="form_token"' in html
    form = html[html.index('class="foi-form"') :]
    assert "maxlength" not in form  # a browser would cut a long paste silently
    assert "no-store" in response["Cache-Control"]


def test_the_platform_form_offers_the_active_organs_grouped_by_kind(client, unit):
    UnitFactory(code="620321000", name="永昌县人民政府", kind=UnitKind.COUNTY)
    UnitFactory(code="620321101", name="永昌县城关镇人民政府", kind=UnitKind.TOWNSHIP)
    UnitFactory(code="620321401", name="永昌县北海子社区", kind=UnitKind.COMMUNITY)
    UnitFactory(code="620321900", name="永昌县已撤销局", is_active=False)
    html = page(client.get("/apply/"))
    assert '<label for="id_unit"' in html and '<select name="unit"' in html
    assert '<optgroup label="县级人民政府">' in html and '<optgroup label="政府部门">' in html
    assert html.index("县级人民政府") < html.index("永昌县人民政府") < html.index("政府部门")
    assert "永昌县城关镇人民政府" in html and unit.name in html
    assert "北海子社区" not in html and "已撤销局" not in html


def test_the_platform_form_files_with_the_chosen_unit(client, unit):
    response = client.post("/apply/", filled(unit=unit.code))
    assert response.status_code == 302
    assert RequestCase.objects.get().unit == unit


def test_the_platform_form_asks_for_the_unit(client, unit):
    html = page(client.post("/apply/", filled(unit="")))
    assert "请选择受理申请的机关。" in html and 'href="#id_unit"' in html
    assert not RequestCase.objects.exists()


def test_a_community_or_an_inactive_unit_has_no_form(client, db):
    community = UnitFactory(code="620321401", name="北海子社区", kind=UnitKind.COMMUNITY)
    closed = UnitFactory(code="620321900", is_active=False)
    assert client.get(url(community)).status_code == 404
    assert client.get(url(closed)).status_code == 404


def test_a_valid_request_files_one_case_and_one_event_and_shows_the_receipt(client, unit):
    response = client.post(url(unit), filled())
    assert response.status_code == 302 and response["Location"] == "/apply/receipt/"
    case = RequestCase.objects.get()
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert case.channel == "online" and case.received_on == RECEIVED
    assert case.description == DESCRIPTION and case.id_number == RESIDENT_ID
    receipt = client.get("/apply/receipt/")
    html = page(receipt)
    code = tracking.display(case.tracking_code)
    assert receipt.status_code == 200 and code in html and unit.name in html
    assert " ".join(code[:4]) in html  # spelled out, to read aloud
    assert "2024年1月16日" in html and "2024年2月18日" in html
    assert "复制查询码" in html and "/apply/status/" in html
    assert "王**" in html and "王小明" not in html and "13912345678" not in html
    assert "no-store" in receipt["Cache-Control"]


def test_another_browser_cannot_see_the_receipt(client, unit):
    client.post(url(unit), filled())
    code = tracking.display(RequestCase.objects.get().tracking_code)
    stranger = Client()
    for address in ["/apply/receipt/", "/apply/receipt.pdf"]:
        response = stranger.get(address)
        assert response.status_code == 404
        assert "没有可显示的回执" in page(response) and code not in page(response)


def test_the_receipt_pdf_opens_and_carries_the_code(client, unit):
    client.post(url(unit), filled())
    case = RequestCase.objects.get()
    response = client.get("/apply/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert tracking.display(case.tracking_code) in text


def test_a_provisional_due_date_is_marked_and_explained(client, unit, monkeypatch):
    monkeypatch.setattr(public_views, "today_in_china", lambda: date(2031, 3, 3))
    client.post(url(unit), filled())
    html = page(client.get("/apply/receipt/"))
    assert "暂定" in html and "国务院尚未公布" in html


# -- every bad field: its Chinese message, the summary link, and nothing else lost -----------

ORG = {"applicant_type": "business", "applicant_name": "永昌县某某科技有限公司"}
BAD = [
    ({"applicant_type": ""}, "applicant_type_0", "请选择申请人类型"),
    ({"applicant_type": "company"}, "applicant_type_0", "请选择申请人类型"),
    ({"applicant_name": " "}, "applicant_name", "请填写申请人姓名（自然人）或名称"),
    ({"applicant_name": "王"}, "applicant_name", "至少需要2个字"),
    ({"applicant_name": "王" * 101}, "applicant_name", "最多100个字，您填写了101个字"),
    ({"id_kind": ""}, "id_kind_0", "请选择证件类型"),
    ({"id_number": ""}, "id_number", "请填写证件号码"),
    ({"id_number": RESIDENT_ID[:17]}, "id_number", "应为18位，您填写了17位"),
    ({"id_number": RESIDENT_ID[:17] + "1"}, "id_number", "居民身份证号码校验不通过"),
    ({"id_number": "1101051949123100XX"}, "id_number", "最后一位是数字或字母X"),
    ({"id_kind": "credit_code", "id_number": CREDIT_CODE}, "id_kind_0", "自然人请选择"),
    ({**ORG, "id_kind": "resident_id"}, "id_kind_0", "法人或其他组织请选择"),
    (
        {**ORG, "id_kind": "credit_code", "id_number": CREDIT_CODE[:17] + "4"},
        "id_number",
        "统一社会信用代码校验不通过",
    ),
    ({"id_kind": "other", "id_number": "护照E1234"}, "id_number", "只能包含数字、字母"),
    ({"id_kind": "other", "id_number": "E" * 41}, "id_number", "最多40个字"),
    ({"phone": ""}, "phone", "请填写联系电话"),
    ({"phone": "7521234"}, "phone", "固定电话请加区号"),
    ({"phone": "1391234567"}, "phone", "手机号码应为11位，您填写了10位"),
    ({"phone": "0935-7521234转801"}, "phone", "不含分机号"),
    ({"phone": "电话号码"}, "phone", "联系电话格式不正确"),
    ({"delivery": "email"}, "email", "请填写电子邮箱"),
    ({"preferred_form": "email"}, "email", "请填写电子邮箱"),
    ({"email": "wang@", "delivery": "email"}, "email", "电子邮箱格式不正确"),
    ({"email": "a" * 250 + "@x.cn"}, "email", "最多254个字符"),
    ({"delivery": "post"}, "address", "选择邮寄时，请填写通信地址"),
    ({"address": "路" * 201}, "address", "最多200个字，您填写了201个字"),
    ({"description": ""}, "description", "请填写所需政府信息的名称、文号"),
    ({"description": "招生划片的文件"}, "description", "请至少写10个字"),
    ({"description": "字" * 2001}, "description", "最多2000个字，您写了2001个字"),
    ({"purpose": "用" * 501}, "purpose", "最多500个字"),
    ({"preferred_form": ""}, "preferred_form_0", "请选择获取信息的方式"),
    ({"delivery": "fax"}, "delivery_0", "请选择获取信息的途径"),
    ({"confirm": None}, "confirm", "请勾选“我承诺以上所填信息真实、有效”"),
]


@pytest.mark.parametrize("changes, anchor, message", BAD)
def test_a_bad_field_gets_its_chinese_message_and_keeps_the_rest(
    client, unit, changes, anchor, message
):
    data = filled(**changes)
    response = client.post(url(unit), data)
    html = page(response)
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{anchor}"' in html and 'role="alert"' in html
    field = anchor.removesuffix("_0")
    if not anchor.endswith("_0"):  # text inputs say so themselves; radio groups on the fieldset
        assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
            rf'aria-invalid="true"[^>]*id="id_{field}"', html
        )
    assert f'aria-describedby="id_{field}-error"' in html or f"id_{field}-error" in html
    assert not RequestCase.objects.exists()
    # What else was typed is still there, the description included.
    if "applicant_name" not in changes:
        assert data["applicant_name"] in html
    if "description" not in changes:
        assert "2024年永昌县城区义务教育学校招生划片范围的通知\n及其附件" in html
    if "phone" not in changes:
        assert 'value="13912345678"' in html


def test_full_width_digits_and_spaces_are_folded_before_checking(client, unit):
    response = client.post(
        url(unit),
        filled(id_number="１１０１０５ １９４９１２３１ ００２ｘ", phone="＋86 139 1234 5678"),
    )
    assert response.status_code == 302
    case = RequestCase.objects.get()
    assert case.id_number == RESIDENT_ID and case.phone == "13912345678"


def test_a_landline_with_area_code_is_stored_in_one_shape(client, unit):
    assert client.post(url(unit), filled(phone="(0935) 752 1234")).status_code == 302
    assert RequestCase.objects.get().phone == "0935-7521234"


def test_computed_resident_ids_pass_and_a_wrong_check_digit_fails(client, unit):
    good = resident_id("62032119900101123")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert "校验不通过" in page(client.post(url(unit), filled(id_number=bad)))
    assert client.post(url(unit), filled(id_number=good.lower())).status_code == 302


def test_an_organisation_files_with_its_credit_code(client, unit):
    response = client.post(
        url(unit), filled(**ORG, id_kind="credit_code", id_number=CREDIT_CODE.lower())
    )
    assert response.status_code == 302
    case = RequestCase.objects.get()
    assert case.applicant_type == "business" and case.id_number == CREDIT_CODE


def test_a_person_without_a_resident_id_may_give_another_document(client, unit):
    data = filled(id_kind="other", id_number="E12345678", delivery="post", address="永昌县某路1号")
    assert client.post(url(unit), data).status_code == 302
    assert RequestCase.objects.get().id_number == "E12345678"


# -- the guard ------------------------------------------------------------------------------


def test_a_filled_honeypot_stores_nothing_and_keeps_the_typed_data(client, unit):
    html = page(client.post(url(unit), filled(website="http://spam.example")))
    assert not RequestCase.objects.exists()
    assert "提交未成功" in html and "王小明" in html and "spam.example" not in html


@pytest.mark.parametrize(
    "token, message",
    [
        (lambda: guard.issue_token(now=time.time() - 1), "提交太快"),
        (lambda: guard.issue_token(now=time.time() - 3 * 3600), "页面已过期，请重新提交"),
        (lambda: guard.issue_token(now=time.time() - 60)[:-2] + "xx", "页面信息不完整"),
        (lambda: "", "页面信息不完整"),
    ],
    ids=["too-fast", "expired", "tampered", "missing"],
)
def test_a_bad_timestamp_stores_nothing_and_keeps_the_typed_data(client, unit, token, message):
    response = client.post(url(unit), filled(form_token=token()))
    html = page(response)
    assert response.status_code == 200 and message in html
    assert not RequestCase.objects.exists()
    assert "王小明" in html and "招生划片范围的通知\n及其附件" in html
    # A fresh timestamp, so the next press of the button goes through.
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert guard.check_token(fresh, now=time.time() + 10) is guard.Token.OK


def test_too_many_filings_get_a_429_that_keeps_the_data_and_gives_the_phone(client, unit, settings):
    settings.GONGKAI_FOI_RATE_FILE = "1/h"
    unit.phone = "0935-7520000"
    unit.save()
    assert client.post(url(unit), filled()).status_code == 302
    response = client.post(url(unit), filled(applicant_name="李小红"))
    html = page(response)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "提交次数过多" in html and "分钟后" in html and "0935-7520000" in html
    assert "李小红" in html and "招生划片范围的通知\n及其附件" in html
    assert RequestCase.objects.count() == 1


def test_too_many_submissions_of_any_kind_get_a_429(client, unit, settings):
    settings.GONGKAI_FOI_RATE_FORM = "2/h"
    for _ in range(2):
        client.post(url(unit), filled(description=""))
    response = client.post(url(unit), filled())
    assert response.status_code == 429 and not RequestCase.objects.exists()


def test_the_form_needs_its_csrf_token(unit):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(unit), filled()).status_code == 403
    assert not RequestCase.objects.exists()


def test_a_unit_s_form_cannot_be_pointed_at_another_unit(client, unit):
    # A POST to the unit's own form cannot smuggle another unit in.
    other = UnitFactory(code="620321098", name="永昌县别的局")
    client.post(url(unit), filled(unit=other.code))
    assert RequestCase.objects.get().unit == unit


# -- whatever is typed: a page, never a 500; one case or none --------------------------------

wild = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("０１２３４５６７８９ＸｘＡ　\x00\x07\r\n\t-—（）＋+"),
    ),
    max_size=60,
)
long_text = st.one_of(wild, st.text(min_size=1990, max_size=2100), st.just("字" * 2001))


CHOICES = {
    "applicant_type": ["natural_person", "business", "other_org", "", "x"],
    "id_kind": ["resident_id", "credit_code", "other", ""],
    "preferred_form": ["paper", "email", "electronic", "other", "", "?"],
    "delivery": ["post", "pick_up", "email", "online", ""],
}
TEXTS = ["applicant_name", "id_number", "phone", "email", "address", "description", "purpose"]
typed = st.fixed_dictionaries(
    {
        **{name: long_text for name in TEXTS},
        **{name: st.sampled_from(values) for name, values in CHOICES.items()},
        "id_number": st.one_of(
            wild, st.sampled_from(["１１０１０５１９４９１２３１００２ｘ", "E1234"])
        ),
        "phone": st.one_of(wild, st.sampled_from(["１３９ １２３４ ５６７８", "0935 7521234"])),
    }
)


@hypothesis_settings(
    deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=typed, replaced=st.sets(st.sampled_from([*TEXTS, *CHOICES])))
def test_the_form_never_fails_whatever_is_typed(client, unit, settings, values, replaced):
    """A valid form with some fields replaced by anything at all (none replaced: it files)."""
    settings.GONGKAI_FOI_FORM_MIN_SECONDS = 0
    settings.GONGKAI_FOI_RATE_FILE = None
    settings.GONGKAI_FOI_RATE_FORM = None
    before = RequestCase.objects.count()
    response = client.post(url(unit), filled(**{name: values[name] for name in replaced}))
    after = RequestCase.objects.count()
    event(f"HTTP {response.status_code}")
    assert response.status_code in (200, 302)
    assert after - before == (1 if response.status_code == 302 else 0)
