"""Stored and reflected XSS: whatever is typed into a public or a staff input comes back as text
on every page that shows it (to the citizen, to the staff, to the public), never as markup.

Already covered elsewhere, not repeated here:
- tests/search/test_search_page.py::test_what_is_typed_and_what_is_stored_is_escaped (a title
  with <script> in the search results; q with <img onerror> in the search page);
- tests/catalog/test_document_rules.py::test_scripts_and_event_handlers_are_removed_from_the_body
  and tests/interaction/consultations/test_services.py (the sanitiser on save);
- tests/requests/test_letters.py::test_pdf_shows_markup_in_values_as_text (letters as PDF);
- tests/portal/test_headers.py (the CSP that forbids inline script on public pages).
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Document
from gongkai.interaction.consultations import services as consultation_services
from gongkai.interaction.consultations.models import (
    Comment,
    Consultation,
    Decision,
    FeedbackItem,
)
from gongkai.interaction.messages.models import Message, MessageReply
from gongkai.interaction.surveys.models import Answer, ResultsShown, Survey
from gongkai.publishing.roles import Role
from gongkai.requests import tracking
from gongkai.requests.models import RequestCase
from tests.factories import DocumentFactory
from tests.interaction.consultations.conftest import comment_data
from tests.interaction.consultations.test_backoffice import consultation_form
from tests.interaction.messages.conftest import answer
from tests.interaction.messages.conftest import form_data as message_data
from tests.interaction.review import act
from tests.interaction.surveys.conftest import answers, make_survey
from tests.interaction.surveys.test_backoffice import survey_form
from tests.publishing.conftest import form_data as document_data
from tests.requests.test_public_form import filled
from tests.security.inert import live_markup, page, text_of

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">链接</a>',
    "javascript:alert(1)",
    "{{7*7}}{% debug %}",
]
IDS = ["script", "img-onerror", "svg-onload", "textarea-breakout", "js-link", "js-url", "template"]


def fit(prefix: str, payload: str, limit: int) -> str:
    """The payload after some harmless words, cut to the field's length limit."""
    return (prefix + payload)[:limit]


def inert(response, *shown: str, back_office: bool = False, status: int = 200) -> BeautifulSoup:
    """The page answered, runs nothing that was typed, and shows each of `shown` as text."""
    assert response.status_code == status
    html = page(response)
    assert live_markup(html, back_office=back_office) == []
    text = text_of(html)
    for value in shown:
        assert value in text
    return BeautifulSoup(html, "html.parser")


def field_value(soup: BeautifulSoup, name: str) -> str:
    """What a form field holds as the browser reads it: the value attribute, or a textarea's text."""
    element = soup.find(["input", "textarea"], attrs={"name": name})
    assert element is not None, name
    if element.name == "textarea":
        return element.get_text().removeprefix("\n")
    return element.get("value", "")


# -- the detector itself ---------------------------------------------------------------------


# The last two are harmless as text; they matter where a value becomes a URL or a template.
@pytest.mark.parametrize("payload", PAYLOADS[:5], ids=IDS[:5])
def test_the_detector_sees_each_payload_unescaped_and_nothing_once_escaped(payload):
    from django.utils.html import escape

    raw = f'<html><body><textarea name="t">{payload}</textarea><input value="{payload}"></body>'
    assert live_markup(raw) != []
    assert live_markup(raw.replace(payload, escape(payload))) == []


def test_the_detector_sees_a_javascript_url_and_a_bare_inline_script():
    assert live_markup('<a href=" JaVa\tScRiPt:alert(1)">x</a>') != []
    assert live_markup("<script>var a = 1;</script>") != []
    assert live_markup("<script>var a = 1;</script>", back_office=True) == []
    assert live_markup('<script src="/static/x.js"></script><p>javascript:alert(1)</p>') == []


# -- 依申请公开: the form, the receipt, the status page, the back office ----------------------


def request_values(payload: str) -> dict:
    return {
        "applicant_name": fit("王", payload, 100),
        "address": fit("永昌县城关镇北海子路1号", payload, 200),
        "description": fit("2024年城区义务教育学校招生划片范围的通知", payload, 2000),
        "purpose": fit("了解入学政策", payload, 500),
    }


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_request_comes_back_as_text_on_the_receipt_the_status_page_and_the_case_page(
    edu, staff, login, payload
):
    values = request_values(payload)
    citizen = Client()
    response = citizen.post(f"/u/{edu.code}/apply/", filled(**values))
    assert response.status_code == 302
    case = RequestCase.objects.get()
    assert {name: getattr(case, name) for name in values} == values  # stored as typed

    inert(citizen.get("/apply/receipt/"), "王**", tracking.display(case.tracking_code))
    status = citizen.post("/apply/status/", {"code": case.tracking_code, "verifier": "5678"})
    inert(status, "王**", "办理过程")

    officer = login(staff[Role.OFFICER])
    officer.post(
        reverse("foi_admin:case", args=[case.pk]),
        {"on": "2024-01-17", "kind": "accepted", "note": fit("已电话联系申请人", payload, 500)},
    )
    case_page = officer.get(reverse("foi_admin:case", args=[case.pk]))
    inert(case_page, *values.values(), fit("已电话联系申请人", payload, 500), back_office=True)
    listing = officer.get(reverse("foi_admin:list"), {"state": "all"})
    inert(listing, values["applicant_name"], back_office=True)
    letter = officer.get(reverse("foi_admin:letter_new", args=[case.pk]), {"kind": "receipt"})
    soup = inert(letter, back_office=True)
    assert field_value(soup, "recipient") == values["applicant_name"]


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_refused_request_form_shows_what_was_typed_as_text(edu, payload):
    values = request_values(payload)
    response = Client().post(f"/u/{edu.code}/apply/", filled(confirm=None, **values))
    soup = inert(response, "请勾选")
    for name, value in values.items():
        assert field_value(soup, name) == value
    assert not RequestCase.objects.exists()


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_typed_status_code_comes_back_as_text_also_when_limited(edu, settings, payload):
    settings.GONGKAI_FOI_RATE_STATUS = "1/h"
    citizen = Client()
    inert(citizen.post("/apply/status/", {"code": payload, "verifier": payload}))
    limited = citizen.post("/apply/status/", {"code": payload, "verifier": payload})
    inert(limited, "查询次数过多", status=429)


# -- 留言: the form, the receipt, the look-up, the back office, the public page ---------------


def message_values(payload: str) -> dict:
    return {
        "subject": fit("入学材料咨询", payload, 50),
        "text": fit("孩子今年上一年级，请问报名需要带哪些材料？", payload, 2000),
        "name": fit("王", payload, 30),
    }


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_message_comes_back_as_text_to_its_writer_the_staff_and_the_public(
    edu, staff, login, payload
):
    values = message_values(payload)
    citizen = Client()
    assert citizen.post("/messages/new/", message_data(edu, **values)).status_code == 302
    message = Message.objects.get()
    assert (message.subject, message.text, message.name) == tuple(values.values())

    inert(citizen.get("/messages/sent/"), values["subject"], "王**")
    look_up = citizen.post("/messages/status/", {"code": message.code, "verifier": "5678"})
    inert(look_up, values["subject"])

    officer = login(staff[Role.OFFICER])
    detail = officer.get(reverse("messages_admin:detail", args=[message.pk]))
    inert(detail, *values.values(), back_office=True)
    inert(officer.get(reverse("messages_admin:list")), values["subject"], back_office=True)
    convert = officer.get(reverse("foi_admin:register"), {"from_message": message.pk})
    soup = inert(convert, back_office=True)
    assert field_value(soup, "applicant_name") == values["name"]
    assert field_value(soup, "description") == values["text"]

    reply = fit("请携带户口簿。", payload, 2000)
    answer(message, text=reply)
    public = Client()
    inert(public.get("/messages/"), values["subject"], "王**")
    inert(public.get(f"/messages/{message.pk}/"), values["subject"], values["text"], reply)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_refused_message_form_shows_what_was_typed_as_text(edu, payload):
    values = message_values(payload)
    response = Client().post("/messages/new/", message_data(edu, public="", **values))
    soup = inert(response, "请选择答复后是否同意公开")
    for name, value in values.items():
        assert field_value(soup, name) == value
    assert not Message.objects.exists()


REPLY_NS = "wagtailsnippets_citizen_messages_messagereply"


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_staff_reply_comes_back_as_text_to_the_reviewers_and_the_public(
    open_message, staff, login, payload
):
    reply_text = fit("王建华您好，请携带户口簿。", payload, 2000)
    officer = login(staff[Role.OFFICER])
    officer.post(reverse("messages_admin:reply", args=[open_message.pk]))
    reply = MessageReply.objects.get()
    edit = reverse(f"{REPLY_NS}:edit", args=[reply.pk])
    assert (
        officer.post(edit, {"text": reply_text, "action-submit": "action-submit"}).status_code
        == 302
    )
    editor = login(staff[Role.EDITOR])
    inert(editor.get(edit), back_office=True)
    detail = editor.get(reverse("messages_admin:detail", args=[open_message.pk]))
    inert(detail, reply_text, back_office=True)
    act(editor, reply, "approve")
    act(login(staff[Role.HEAD]), reply, "approve")
    reply.refresh_from_db()
    assert reply.live
    shown = reply_text.replace("王建华", "王**")  # the citizen's name is masked in public
    inert(Client().get(f"/messages/{open_message.pk}/"), shown)
    look_up = Client().post("/messages/status/", {"code": open_message.code, "verifier": "5678"})
    inert(look_up, reply_text)


# -- 网上调查: a free-text answer, and what staff write into a survey --------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_free_text_answer_comes_back_as_text_to_the_staff_only(edu, staff, login, payload):
    survey = make_survey(edu, results_shown=ResultsShown.LIVE)
    typed = fit("建议", payload, 50)
    response = Client().post(survey.get_absolute_url(), answers(survey, text=typed))
    assert response.status_code == 302
    assert Answer.objects.filter(text=typed).exists()
    officer = login(staff[Role.OFFICER])
    results = officer.get(reverse("surveys_admin:results", args=[survey.pk]))
    inert(results, typed, back_office=True)
    public = Client().get(reverse("surveys:results", args=[survey.pk]))
    inert(public, "填空题的内容不公开展示")
    assert payload not in page(public)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_refused_survey_form_shows_the_typed_answer_as_text(open_survey, payload):
    typed = fit("建议", payload, 50)
    response = Client().post(
        open_survey.get_absolute_url(), answers(open_survey, single="", text=typed)
    )
    soup = inert(response, "此题为必答题")
    textarea = soup.find("textarea")
    assert textarea is not None and textarea.get_text().removeprefix("\n") == typed


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_what_staff_write_into_a_survey_is_text_on_the_public_pages(edu, staff, login, payload):
    title = fit("永昌县校车服务需求调查", payload, 200)
    question = fit("建议增设的站点", payload, 200)
    data = survey_form(
        edu,
        title=title,
        introduction=fit("县教育局拟优化校车线路。", payload, 2000),
        **{"questions-1-text": question, "questions-0-options": f"小学\n{payload[:50]}"},
    )
    officer = login(staff[Role.OFFICER])
    assert officer.post(reverse("wagtailsnippets_surveys_survey:add"), data).status_code == 302
    survey = Survey.objects.get()
    act(login(staff[Role.EDITOR]), survey, "approve")
    act(login(staff[Role.HEAD]), survey, "approve")
    survey.refresh_from_db()
    assert survey.live
    public = Client()
    inert(public.get(reverse("surveys:index")), title)
    inert(public.get(survey.get_absolute_url()), title, question, payload[:50])
    inert(public.get(reverse("surveys:results", args=[survey.pk])), title)


# -- 意见征集: a comment, and what staff write into a consultation -----------------------------


def comment_values(payload: str) -> dict:
    return {
        "name": fit("王", payload, 50),
        "text": fit("建议课后服务延长到18点。", payload, 2000),
    }


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_comment_comes_back_as_text_to_the_staff_and_once_approved_to_the_public(
    open_consultation, staff, login, payload
):
    values = comment_values(payload)
    citizen = Client()
    response = citizen.post(open_consultation.get_absolute_url(), comment_data(**values))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.text) == (values["name"], values["text"])
    thanks = citizen.get(response["Location"])
    inert(thanks, "意见已提交")
    assert values["text"] not in text_of(page(thanks))  # not before moderation

    officer = login(staff[Role.OFFICER])
    overview = officer.get(reverse("consultations_admin:overview"))
    inert(overview, *values.values(), back_office=True)
    comments = officer.get(reverse("consultations_admin:comments", args=[open_consultation.pk]))
    inert(comments, *values.values(), back_office=True)
    moderate = reverse("consultations_admin:moderate", args=[comment.pk])
    assert officer.post(moderate, {"decision": "approve"}).status_code == 302
    inert(Client().get(open_consultation.get_absolute_url()), values["text"], "王**")


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_refused_comment_form_shows_what_was_typed_as_text(open_consultation, payload):
    values = comment_values(payload)
    response = Client().post(
        open_consultation.get_absolute_url(), comment_data(contact="", **values)
    )
    soup = inert(response, "请填写联系方式")
    for name, value in values.items():
        assert field_value(soup, name) == value
    assert not Comment.objects.exists()


def draftail_with_a_link(text: str, url: str) -> str:
    """A Draftail paragraph whose first two characters link to `url`."""
    block = {
        "key": "k0",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [{"offset": 0, "length": 2, "key": 0}],
    }
    entity = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
    return json.dumps({"blocks": [block], "entityMap": {"0": entity}}, ensure_ascii=False)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_what_staff_write_into_a_consultation_is_text_or_sanitised_on_the_public_page(
    edu, staff, login, monkeypatch, payload
):
    title = fit("《永昌县校外培训机构管理办法（征求意见稿）》", payload, 200)
    draft = fit("第一条 为规范校外培训机构，制定本办法。", payload, 2000)
    data = consultation_form(
        edu,
        title=title,
        draft=draftail_with_a_link(draft, "javascript:alert(1)"),
        explanation=draftail_with_a_link(fit("起草背景。", payload, 2000), payload),
    )
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse("wagtailsnippets_consultations_consultation:add"), data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    act(login(staff[Role.EDITOR]), consultation, "approve")
    act(login(staff[Role.HEAD]), consultation, "approve")
    consultation.refresh_from_db()
    assert consultation.live

    # The feedback comes after the period (to 31 March).
    monkeypatch.setattr(consultation_services, "today", lambda: date(2026, 4, 10))
    feedback = consultation_services.start_feedback(consultation)
    feedback.summary = f'<p onclick="alert(1)">共收到意见4条。</p>{payload}'
    feedback.items = [
        FeedbackItem(
            topic=fit("延长服务时间", payload, 100),
            count=3,
            decision=Decision.PARTLY,
            reason=fit("受师资所限", payload, 500),
        )
    ]
    feedback.save_revision().publish(skip_permission_checks=True)
    shown = [title, draft, "共收到意见4条。", fit("延长服务时间", payload, 100)]
    inert(Client().get(consultation.get_absolute_url()), *shown, fit("受师资所限", payload, 500))
    inert(Client().get("/consultations/", {"tab": "answered"}), title)


# -- 政府信息: a document written in the back office, through the review, to the public ------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_a_document_written_in_the_back_office_is_text_or_sanitised_everywhere(
    edu, staff, login, payload
):
    title = fit("永昌县教育局关于做好春季学期开学工作的通知", payload, 300)
    body = fit("各学校：现将春季学期开学有关事项通知如下。", payload, 2000)
    data = document_data(
        edu,
        title=title,
        keywords=fit("开学 ", payload, 200),
        body=draftail_with_a_link(body, "javascript:alert(1)"),
    )
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse("wagtailsnippets_catalog_document:add"), data)
    assert response.status_code == 302, page(response)[:2000]
    doc = Document.objects.get()
    editor = login(staff[Role.EDITOR])
    edit = reverse("wagtailsnippets_catalog_document:edit", args=[doc.pk])
    inert(editor.get(edit), back_office=True)
    inert(editor.get("/admin/"), title, back_office=True)  # waiting for review
    inert(editor.get(reverse("wagtailsnippets_catalog_document:list")), title, back_office=True)
    act(editor, doc, "approve")
    act(login(staff[Role.HEAD]), doc, "approve")
    doc.refresh_from_db()
    assert doc.live and live_markup(doc.body) == []  # the link's javascript: href is gone

    public = Client()
    inert(public.get(doc.get_absolute_url()), title, body)
    inert(public.get("/"), title)
    inert(public.get(f"/u/{edu.code}/c/art20-01/"), title)
    inert(public.get("/search/", {"q": "春季学期开学"}), title)
    feed = page(public.get("/feed.xml"))
    assert "<script" not in feed and "<img" not in feed and "<svg" not in feed
    api = public.get(f"/api/v1/documents/{doc.index_no}").json()
    assert api["title"] == title
    assert live_markup(api["body_html"]) == [] and body in text_of(api["body_html"])


# -- 机构: what the system administrator types about a unit, its leaders and its bodies -------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_what_is_typed_about_a_unit_is_text_on_every_public_page_that_shows_it(payload):
    from tests.factories import LeaderFactory, UnitFactory, WorkingBodyFactory

    unit = UnitFactory(
        code="620321003",
        name=fit("永昌县教育局", payload, 100),
        address=fit("永昌县城关镇北海子路1号", payload, 200),
        phone="0935-7521234",
        office_hours=fit("工作日 8:30-12:00", payload, 200),
        disclosure_office=fit("县教育局办公室", payload, 100),
    )
    leader = LeaderFactory(
        unit=unit,
        name=fit("李", payload, 50),
        post=fit("局长", payload, 100),
        resume=fit("1970年生，大学学历。", payload, 2000),
        duties=fit("主持全面工作。", payload, 2000),
    )
    WorkingBodyFactory(unit=unit, name=fit("法规股", payload, 100), duties=payload)
    DocumentFactory(unit=unit, title="永昌县教育局关于做好开学工作的通知")
    client = Client()
    inert(client.get("/"), unit.name)
    inert(client.get(f"/u/{unit.code}/"), unit.name, leader.name, leader.resume, leader.duties)
    inert(client.get(f"/u/{unit.code}/leaders/{leader.pk}/"), leader.name, leader.resume)
    inert(client.get(f"/u/{unit.code}/c/request/"), unit.address, unit.office_hours)
    inert(client.get(f"/u/{unit.code}/apply/"), unit.name)
    inert(client.get("/apply/"), unit.name)
    inert(client.get("/messages/new/"), unit.name)
    inert(client.get("/search/", {"q": "开学工作"}), unit.name)


# -- reflected: what is in the address comes back as text --------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_search_words_and_filters_come_back_as_text(document, payload):
    client = Client()
    soup = inert(client.get("/search/", {"q": payload}))
    assert field_value(soup, "q") == payload
    filters = {name: payload for name in ("unit", "column", "kind", "validity", "year")}
    inert(client.get("/search/", {"q": "政务公开", **filters}))
    column = client.get(f"/u/{document.unit.code}/c/art20-01/", {"q": payload, "year": payload})
    assert field_value(inert(column), "q") == payload


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_list_parameters_come_back_as_text(edu, payload):
    client = Client()
    inert(client.get("/messages/", {"unit": payload, "kind": payload, "page": payload}))
    inert(client.get("/messages/new/", {"unit": payload}))
    inert(client.get("/messages/statistics/", {"year": payload}))
    inert(client.get("/surveys/", {"tab": payload}))
    inert(client.get("/consultations/", {"tab": payload}))


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_the_api_answers_json_that_no_browser_renders_as_a_page(document, payload):
    client = Client()
    found = client.get("/api/v1/documents", {"q": payload})
    assert found.status_code == 200 and found["Content-Type"] == "application/json; charset=utf-8"
    assert found["X-Content-Type-Options"] == "nosniff"
    assert found.json()["query"] == payload
    refused = client.get("/api/v1/documents", {"year": payload})
    assert refused.status_code == 422 and refused["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
@pytest.mark.parametrize("template", ["/{}/", "/u/{}/", "/d/620321099/{}/", "/messages/{}/"])
def test_a_404_page_shows_nothing_of_the_address_as_markup(db, payload, template):
    inert(Client().get(template.format(quote(payload, safe=""))), "页面不存在", status=404)


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_the_sign_in_page_keeps_next_as_text_and_never_follows_a_script_url(
    make_staff, edu, payload
):
    from tests.publishing.conftest import PASSWORD

    make_staff("wang", Role.OFFICER, edu)
    client = Client()
    inert(client.get("/admin/login/", {"next": payload}), back_office=True)
    response = client.post(
        "/admin/login/?" + "next=" + quote(payload),
        {"username": "wang", "password": PASSWORD, "next": payload},
    )
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.scheme in ("", "http", "https") and target.netloc in ("", "testserver")
