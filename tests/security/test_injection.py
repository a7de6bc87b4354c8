"""SQL injection and other hostile strings in every place a query is built from what is typed:
search words and filters, the API, look-up codes, list filters, string and numeric URL parts.
Each answers 200, 400, 404 or 422, never 500; nothing is found that should not be; every table
is still there afterwards. And typed text never becomes a spreadsheet formula in an export.

Already covered elsewhere, not repeated here:
- tests/portal/test_fuzz.py (random text in column filters, search and the API; NUL is a 400);
- tests/search/test_search_page.py::test_odd_parameters_never_fail (FTS operators, quotes);
- tests/interaction/surveys/test_services.py (the survey export writes '=1+1 as text).
"""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.catalog.models import Document
from gongkai.interaction.messages.models import Message
from gongkai.publishing.roles import Role
from gongkai.requests import services as request_services
from gongkai.requests.models import RequestCase
from tests.factories import DocumentFactory
from tests.interaction.messages.conftest import submit
from tests.requests.test_cases import APPLICANT
from tests.requests.test_public_form import filled
from tests.security.inert import page

pytestmark = pytest.mark.django_db

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE catalog_document;--",
    "'; DROP TABLE foi_requests_requestcase; --",
    '" OR ""="',
    "%' --",
    "%",
    "_",
    "\\",
    "1' UNION SELECT username, password FROM auth_user--",
    "1)) OR ((1=1",
    "＇ OR ＇1＇=＇1",  # full-width quotes from a Chinese keyboard
    "ʼ OR 1=1 --",  # a modifier-letter apostrophe
    "' OR 1=1 -- \u202e",  # with a right-to-left override
    "😀' OR '😀'='😀",
    "教育' AND 1=(SELECT COUNT(*) FROM auth_user) --",
]
ANSWERS = (200, 400, 404, 422)
PUBLISHED = "永昌县教育局关于做好春季学期开学工作的通知"
DRAFT = "内部草稿：校园安全检查名单"


@pytest.fixture(autouse=True)
def _tables_survive(db):
    """Every test here ends with the same tables and the same rows it started with."""
    tables = set(connection.introspection.table_names())
    yield
    assert set(connection.introspection.table_names()) == tables
    for table in ("catalog_document", "auth_user"):
        assert table in tables


@pytest.fixture
def docs(edu, police):
    published = DocumentFactory(unit=edu, title=PUBLISHED)
    other = DocumentFactory(unit=police, title="永昌县公安局关于户籍办理的通知")
    draft = DocumentFactory.build(unit=edu, title=DRAFT)
    draft.live, draft.published_on = False, None
    draft.save()
    draft.columns.set([edu.columns.get(key="art20-01")])
    return {"published": published, "other": other, "draft": draft}


def unchanged(docs) -> None:
    assert Document.objects.count() == 3
    assert Document.objects.get(pk=docs["draft"].pk).title == DRAFT


# -- the public site ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", SQL)
def test_search_words_and_filters_find_nothing_unpublished(client, docs, typed):
    for params in (
        {"q": typed},
        {"q": f"春季学期 {typed}"},
        {"q": "通知", "unit": typed, "column": typed, "kind": typed, "validity": typed},
        {"q": "通知", "year": typed, "page": typed},
    ):
        response = client.get("/search/", params)
        assert response.status_code == 200, params
        assert DRAFT not in page(response)
    unchanged(docs)


@pytest.mark.parametrize("typed", SQL)
def test_a_column_filter_matches_only_what_contains_the_typed_text(client, docs, typed):
    response = client.get(f"/u/{docs['published'].unit.code}/c/art20-01/", {"q": typed})
    html = page(response)
    # Not a wildcard, not a condition: no title contains the typed text, so none is listed.
    assert response.status_code == 200 and PUBLISHED not in html and DRAFT not in html
    listed = client.get(f"/u/{docs['published'].unit.code}/c/art20-01/", {"q": "春季学期"})
    assert PUBLISHED in page(listed)  # the same list does show it for a real word
    unchanged(docs)


@pytest.mark.parametrize("typed", SQL)
def test_api_filters_match_nothing_but_what_they_name(client, docs, typed):
    assert client.get("/api/v1/documents").json()["count"] == 2
    for name in ("unit", "column"):
        response = client.get("/api/v1/documents", {name: typed})
        assert response.status_code == 200 and response.json()["count"] == 0, name
    both = client.get("/api/v1/documents", {"unit": typed, "column": typed})
    assert both.status_code == 200 and both.json()["count"] == 0
    found = client.get("/api/v1/documents", {"q": typed})
    assert found.status_code == 200
    assert DRAFT not in page(found)
    assert client.get("/api/v1/documents", {"year": typed}).status_code == 422
    unchanged(docs)


@pytest.mark.parametrize("typed", SQL)
def test_string_parts_of_addresses_are_404(client, docs, typed):
    part = quote(typed, safe="")
    code = docs["published"].unit.code
    for url in (
        f"/u/{part}/",
        f"/u/{part}/apply/",
        f"/u/{part}/apply/form.pdf",
        f"/u/{code}/c/{part}/",
        f"/d/{part}/{part}/",
        f"/d/{code}/{part}/",
        f"/d/{code}/{part}/a/1/x.pdf",
        f"/api/v1/documents/{part}",
        f"/api/v1/documents/{code}/{part}",
        f"/messages/{part}/",
        f"/surveys/{part}/",
        f"/consultations/{part}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert DRAFT not in page(response)
    unchanged(docs)


BIG = "99999999999999999999"  # beyond a 64-bit integer


@pytest.mark.parametrize(
    "url",
    [
        f"/messages/{BIG}/",
        f"/surveys/{BIG}/",
        f"/surveys/{BIG}/results/",
        f"/consultations/{BIG}/",
        f"/consultations/1/attachments/{BIG}/x.pdf",
        f"/consultations/{BIG}/attachments/1/x.pdf",
        f"/u/620321003/leaders/{BIG}/",
        "/messages/1%20OR%201=1/",
        "/surveys/-1/",
        "/consultations/0x1/",
    ],
)
def test_numeric_parts_of_addresses_out_of_range_are_404(client, docs, url):
    assert client.get(url).status_code == 404


def test_an_attachment_number_out_of_range_is_404(client, docs):
    url = docs["published"].get_absolute_url() + f"a/{BIG}/x.pdf"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"year": "99999"},
        {"year": "-5"},
        {"year": "10000"},
        {"year": BIG},
        {"page": BIG},
        {"page": "9223372036854775807"},
        {"page": "-9223372036854775809"},
        {"page_size": BIG},
        {"page_size": "-1"},
        {"unit": "620321003", "column": "art20-01", "year": "99999"},
        {"unit": "620321003", "column": "art20-01", "page": BIG},
        {"q": "通知", "year": "99999"},
        {"q": "通知", "page": BIG},
    ],
)
def test_api_numbers_out_of_range_are_refused_or_empty_never_a_500(client, docs, params):
    response = client.get("/api/v1/documents", params)
    assert response.status_code in (200, 422), response.status_code
    if response.status_code == 200:
        assert DRAFT not in page(response)


def test_api_year_and_page_in_range_still_work(client, docs):
    assert client.get("/api/v1/documents", {"year": 2024}).json()["count"] == 2
    assert client.get("/api/v1/documents", {"year": 0}).json()["count"] == 2  # no filter
    assert client.get("/api/v1/documents", {"page": 0}).json()["count"] == 2
    assert client.get("/api/v1/documents", {"page": 500}).json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        f"/search/?q=%E9%80%9A%E7%9F%A5&page={BIG}&year={BIG}",
        f"/u/620321003/c/art20-01/?page={BIG}&year={BIG}",
        f"/u/620321003/c/art20-01/index.json?page={BIG}&year={BIG}",
        f"/messages/?page={BIG}",
        f"/messages/statistics/?year={BIG}",
        f"/surveys/?page={BIG}",
        f"/consultations/?page={BIG}",
    ],
)
def test_page_and_year_out_of_range_in_lists_are_a_page(client, docs, url):
    response = client.get(url)
    assert response.status_code == 200
    assert DRAFT not in page(response)


# -- look-ups by code --------------------------------------------------------------------------


@pytest.fixture
def case(edu):
    return request_services.file_request(unit=edu, received_on=date(2024, 3, 1), **APPLICANT)


@pytest.mark.parametrize("typed", SQL)
def test_a_request_look_up_with_injected_code_or_verifier_finds_nothing(client, case, typed):
    for code, verifier in ((typed, typed), (case.tracking_code, typed), (typed, "5678")):
        response = client.post("/apply/status/", {"code": code, "verifier": verifier})
        html = page(response)
        assert response.status_code == 200
        assert "办理过程" not in html and case.unit.name not in html
    assert RequestCase.objects.count() == 1


@pytest.mark.parametrize("verifier", ["' --", "王小明'", "😀😀😀😀", "%%%%", "ʼ OR", "５６７８"])
def test_a_request_look_up_with_an_odd_four_character_verifier_finds_nothing(
    client, case, verifier
):
    response = client.post("/apply/status/", {"code": case.tracking_code, "verifier": verifier})
    assert response.status_code == 200
    html = page(response)
    # Full-width digits are the phone's last four typed on a Chinese keyboard: that one opens.
    assert ("办理过程" in html) is (verifier == "５６７８")


@pytest.mark.parametrize("verifier", ["王小明'", "😀😀😀😀", "é@example.cn", "ｗａｎｇ@example.cn"])
def test_a_message_look_up_with_an_odd_verifier_finds_nothing(client, edu, verifier):
    message = submit(edu, email="wang@example.cn")
    response = client.post("/messages/status/", {"code": message.code, "verifier": verifier})
    assert response.status_code == 200
    assert message.subject not in page(response) and "查询码或验证信息不正确" in page(response)
    right = client.post("/messages/status/", {"code": message.code, "verifier": "Wang@example.cn"})
    assert message.subject in page(right)


@pytest.mark.parametrize("typed", SQL)
def test_a_message_look_up_with_injected_code_or_verifier_finds_nothing(client, edu, typed):
    message = submit(edu)
    for code, verifier in ((typed, typed), (message.code, typed), (typed, "5678")):
        response = client.post("/messages/status/", {"code": code, "verifier": verifier})
        assert response.status_code == 200
        assert message.subject not in page(response)
    assert Message.objects.count() == 1


# -- the back office ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", SQL)
def test_the_register_filters_find_only_what_contains_the_typed_text(login, staff, case, typed):
    officer = login(staff[Role.OFFICER])
    listed = officer.get(reverse("foi_admin:list"), {"state": "all"})
    assert case.code in page(listed)  # without the filter the case is there
    for params in (
        {"state": "all", "q": typed},
        {"state": typed, "unit": typed, "year": typed, "page": typed, "q": typed},
    ):
        response = officer.get(reverse("foi_admin:list"), params)
        assert response.status_code == 200 and case.code not in page(response), params
    export = officer.get(reverse("foi_admin:list"), {"state": "all", "q": typed, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only
    assert RequestCase.objects.count() == 1


@pytest.mark.parametrize("typed", SQL)
def test_back_office_searches_answer_a_page(login, staff, docs, typed):
    officer = login(staff[Role.OFFICER])
    for url in (
        reverse("wagtailsnippets_catalog_document:list"),
        reverse("messages_admin:list"),
        reverse("wagtailsnippets_surveys_survey:list"),
        reverse("wagtailsnippets_consultations_consultation:list"),
    ):
        response = officer.get(url, {"q": typed, "unit": typed, "p": typed})
        assert response.status_code == 200, url
        assert "永昌县公安局关于户籍办理的通知" not in page(response)
    unchanged(docs)


@pytest.mark.parametrize("kind", ["foi_admin:case", "messages_admin:detail"])
def test_back_office_numbers_out_of_range_are_404(login, staff, kind):
    assert login(staff[Role.OFFICER]).get(reverse(kind, args=[int(BIG)])).status_code == 404


# -- exports: typed text never becomes a formula ----------------------------------------------


FORMULAS = [
    '=HYPERLINK("http://evil.example/","点此查看")',
    "+cmd|' /C calc'!A0 请提供招生文件",
    "-2+3+cmd|' /C calc'!A0 请提供招生文件",
    "@SUM(1+1)*cmd|' /C calc'!A0 请提供",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_request_register_export_writes_typed_text_never_a_formula(
    client, edu, login, staff, formula
):
    applicant = formula[:100]
    description = f"{formula}（2024年招生划片文件）"
    response = client.post(
        f"/u/{edu.code}/apply/", filled(applicant_name=applicant, description=description)
    )
    assert response.status_code == 302
    officer = login(staff[Role.OFFICER])
    export = officer.get(reverse("foi_admin:list"), {"state": "all", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    row = sheet[2]
    for column, typed in (("申请人", applicant), ("所需信息", description)):
        cell = row[header.index(column)]
        assert cell.data_type == "s", (column, cell.value)  # a string, not a formula
        assert cell.value.lstrip("'") == typed


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_audit_log_export_writes_a_typed_user_name_never_a_formula(
    client, login, staff, formula
):
    client.post("/admin/login/", {"username": formula, "password": "x"})  # anyone can
    office = login(staff[Role.OFFICE])
    response = office.get(reverse("publishing:audit"), {"action": "login_failed", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.lstrip("'") == formula[:150]


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_audit_log_export_writes_a_message_subject_never_a_formula(
    login, staff, edu, police, formula
):
    message = submit(edu, subject=formula[:50])
    officer = login(staff[Role.OFFICER])
    transfer = reverse("messages_admin:transfer", args=[message.pk])
    assert (
        officer.post(transfer, {"to_unit": police.pk, "reason": "属公安局职责"}).status_code == 302
    )
    office = login(staff[Role.OFFICE])
    response = office.get(reverse("publishing:audit"), {"action": "edit", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows())
    [cell] = [row[7] for row in rows[1:] if str(row[7].value).lstrip("'") == formula[:50]]
    assert cell.data_type == "s"


def test_an_ordinary_value_is_exported_unchanged(client, edu, login, staff):
    client.post(f"/u/{edu.code}/apply/", filled())
    export = login(staff[Role.OFFICER]).get(
        reverse("foi_admin:list"), {"state": "all", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][5] == "王小明"
