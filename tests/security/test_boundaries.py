"""Boundaries: between applicants (codes, receipts, letters), between units (staff of one unit
reach nothing of another's by id), unpublished documents by URL; forms refused without their
CSRF token; bodies too large or with too many fields refused with a 400, storing nothing.

Already covered elsewhere, not repeated here:
- another unit's request case (GET and POST), the register and its export:
  tests/requests/test_backoffice.py::test_an_officer_sees_only_the_cases_of_their_unit and
  ::test_the_register_export_holds_only_my_units;
- another unit's 留言 and every step on it: tests/interaction/messages/test_backoffice.py::
  test_another_units_staff_get_404_and_an_empty_queue, ::test_another_units_editor_cannot_review_a_reply;
- another unit's consultation, comments, moderation, feedback:
  tests/interaction/consultations/test_backoffice.py::test_another_units_staff_cannot_see_or_edit,
  ::test_another_units_staff_cannot_see_or_moderate_comments, ::..._open_a_feedback_summary;
- another unit's survey, its results and exports:
  tests/interaction/surveys/test_backoffice.py::test_another_units_staff_cannot_see_or_edit_or_export;
- another unit's document on every admin URL, and uploaded files:
  tests/publishing/test_roles.py::test_staff_cannot_reach_any_admin_url_of_a_document...,
  ::test_uploaded_files_reach_only_staff_of_the_documents_unit;
- unpublished documents and attachments by URL, API and sitemap:
  tests/portal/test_pages.py::test_unpublished_documents_and_their_attachments_are_404...;
- a receipt in another browser: tests/requests/test_public_form.py::
  test_another_browser_cannot_see_the_receipt, tests/interaction/messages/test_public.py::
  test_the_receipt_is_only_for_the_browser_that_sent_it;
- CSRF on the unit's request form, the status look-up, the 留言 and comment forms and the
  留言 transfer: the test_the_form_needs_its_csrf_token tests of those apps and
  tests/interaction/messages/test_backoffice.py::test_steps_need_the_csrf_token.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog.models import DocumentAttachment
from gongkai.interaction.consultations.models import Comment, ConsultationAttachment
from gongkai.interaction.messages.models import Message, MessageReply, MessageState
from gongkai.interaction.surveys.models import Response
from gongkai.publishing import services as publishing_services
from gongkai.publishing.roles import Role
from gongkai.requests import services, tracking
from gongkai.requests.models import CaseEvent, CaseLetter, LetterTemplate, RequestCase
from tests.factories import DocumentFactory, LeaderFactory
from tests.interaction.consultations.conftest import comment_data, make_consultation
from tests.interaction.messages.conftest import form_data as message_data
from tests.interaction.messages.conftest import submit
from tests.interaction.surveys.conftest import answers
from tests.requests.test_cases import APPLICANT
from tests.requests.test_public_form import filled
from tests.security.inert import page

pytestmark = pytest.mark.django_db

OTHER_APPLICANT = {
    **APPLICANT,
    "applicant_name": "李秀英",
    "id_number": "11010519491231002X",
    "phone": "13800001111",
    "description": "2023年本县农村低保对象名单",
}


# -- between applicants ----------------------------------------------------------------------


@pytest.fixture
def two_cases(edu):
    mine = services.file_request(unit=edu, received_on=date(2024, 3, 1), **APPLICANT)
    theirs = services.file_request(unit=edu, received_on=date(2024, 3, 1), **OTHER_APPLICANT)
    return mine, theirs


def status_page(client, case, verifier) -> str:
    response = client.post("/apply/status/", {"code": case.tracking_code, "verifier": verifier})
    assert response.status_code == 200
    return page(response)


def test_an_applicant_s_code_opens_only_with_their_own_last_four(client, two_cases):
    mine, theirs = two_cases
    assert "办理过程" in status_page(client, mine, "5678")  # the phone's last four
    assert "办理过程" in status_page(client, theirs, "1111")
    assert "办理过程" in status_page(client, theirs, "002X")  # the ID number's last four
    for case, verifier in ((mine, "1111"), (mine, "002X"), (theirs, "5678"), (theirs, "1233")):
        html = status_page(client, case, verifier)
        assert "办理过程" not in html and "查询码或验证信息不正确" in html


def test_a_message_code_opens_only_with_its_own_contact(client, edu):
    mine = submit(edu, subject="入学报名材料咨询")
    theirs = submit(edu, subject="低保申请条件咨询", phone="13800001111", email="li@example.cn")

    def look(message, verifier) -> str:
        return page(client.post("/messages/status/", {"code": message.code, "verifier": verifier}))

    assert mine.subject in look(mine, "5678") and theirs.subject in look(theirs, "li@example.cn")
    for message, verifier in ((mine, "1111"), (mine, "li@example.cn"), (theirs, "5678")):
        assert message.subject not in look(message, verifier)


def test_each_browser_sees_only_the_receipt_of_what_it_filed(edu):
    first, second = Client(), Client()
    assert first.post(f"/u/{edu.code}/apply/", filled()).status_code == 302
    assert second.post(f"/u/{edu.code}/apply/", filled(phone="13800001111")).status_code == 302
    mine, theirs = RequestCase.objects.order_by("pk")
    for client, own, other in ((first, mine, theirs), (second, theirs, mine)):
        html = page(client.get("/apply/receipt/"))
        assert tracking.display(own.tracking_code) in html
        assert tracking.display(other.tracking_code) not in html


@pytest.mark.parametrize(
    "address",
    ["/apply/receipt/?id={pk}", "/apply/receipt/?case={pk}", "/apply/receipt.pdf?id={pk}"],
)
def test_a_receipt_is_not_reached_by_naming_a_case(edu, address):
    Client().post(f"/u/{edu.code}/apply/", filled())
    case = RequestCase.objects.get()
    response = Client().get(address.format(pk=case.pk))
    assert response.status_code == 404
    assert tracking.display(case.tracking_code) not in page(response)


def planted_session() -> str:
    store = SessionStore()
    store["planted"] = True
    store.create()
    return store.session_key


@pytest.mark.parametrize(
    "form, receipts, data",
    [
        ("/u/620321003/apply/", ["/apply/receipt/", "/apply/receipt.pdf"], lambda edu: filled()),
        ("/messages/new/", ["/messages/sent/"], lambda edu: message_data(edu)),
    ],
    ids=["request", "message"],
)
def test_a_session_id_planted_before_filing_cannot_read_the_receipt(edu, form, receipts, data):
    key = planted_session()
    victim, attacker = Client(), Client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = key
    attacker.cookies[settings.SESSION_COOKIE_NAME] = key
    assert victim.post(form, data(edu)).status_code == 302
    assert victim.cookies[settings.SESSION_COOKIE_NAME].value != key  # a new session id
    assert victim.get(receipts[0]).status_code == 200
    for address in receipts:
        assert attacker.get(address).status_code == 404, address


@pytest.fixture
def letters(two_cases, police):
    mine, theirs = two_cases
    police_case = services.file_request(unit=police, received_on=date(2024, 3, 4), **APPLICANT)

    def letter(case):
        return CaseLetter.objects.create(
            case=case,
            kind="receipt",
            title="政府信息公开申请回执",
            recipient=case.applicant_name,
            body=f"{case.applicant_name}：您的申请已收到。",
            issuer=case.unit.name,
            issued_on=date(2024, 3, 1),
        )

    return {"mine": letter(mine), "theirs": letter(theirs), "police": letter(police_case)}


def letter_url(case_pk: int, letter: CaseLetter, fmt: str = "docx") -> str:
    return reverse("foi_admin:letter_download", args=[case_pk, letter.pk, fmt])


def test_a_letter_is_reached_only_through_its_own_case(login, staff, letters):
    officer = login(staff[Role.OFFICER])
    mine, theirs = letters["mine"], letters["theirs"]
    assert officer.get(letter_url(mine.case_id, mine)).status_code == 200
    # Another applicant's letter named under my case's address: not found.
    assert officer.get(letter_url(mine.case_id, theirs)).status_code == 404
    assert officer.get(letter_url(theirs.case_id, mine, "pdf")).status_code == 404


def test_letters_of_another_unit_are_404_to_staff_and_closed_to_the_public(
    client, login, staff, letters
):
    police = letters["police"]
    officer = login(staff[Role.OFFICER])
    for fmt in ("docx", "pdf", "txt"):
        assert officer.get(letter_url(police.case_id, police, fmt)).status_code == 404
    new = reverse("foi_admin:letter_new", args=[police.case_id])
    assert officer.get(new, {"kind": "receipt"}).status_code == 404
    response = officer.post(
        f"{new}?kind=receipt",
        {"title": "伪造", "recipient": "李", "body": "正文", "issuer": "永昌县公安局",
         "issued_on": "2024-03-05"},
    )  # fmt: skip
    assert response.status_code == 404 and CaseLetter.objects.count() == 3
    client.logout()
    anonymous = Client().get(letter_url(police.case_id, police))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


# -- between units -------------------------------------------------------------------------------


def test_another_unit_s_message_cannot_be_converted_into_a_request(login, staff, edu, police):
    theirs = submit(police, subject="户口迁移办理咨询")
    officer = login(staff[Role.OFFICER])
    url = reverse("foi_admin:register")
    response = officer.get(url, {"from_message": theirs.pk})
    assert response.status_code == 404 and "户口迁移" not in page(response)
    data = {
        "from_message": theirs.pk, "unit": edu.pk, "channel": "online",
        "received_on": "2026-02-11", "applicant_type": "natural_person",
        "applicant_name": "王建华", "id_kind": "resident_id", "id_number": "620321199001011233",
        "phone": "13912345678", "email": "", "address": "", "description": "户口迁移办理咨询的内容",
        "purpose": "", "preferred_form": "paper", "delivery": "pick_up",
    }  # fmt: skip
    assert officer.post(url, data).status_code == 404
    assert not RequestCase.objects.exists()
    theirs.refresh_from_db()
    assert theirs.state == MessageState.OPEN
    assert officer.get(url, {"from_message": "1 OR 1=1"}).status_code == 404


def test_a_leader_of_another_unit_is_not_shown_under_this_unit(client, edu, police):
    theirs = LeaderFactory(unit=police, name="赵公安")
    assert client.get(f"/u/{edu.code}/leaders/{theirs.pk}/").status_code == 404
    assert client.get(f"/u/{police.code}/leaders/{theirs.pk}/").status_code == 200


# -- unpublished documents and their files -----------------------------------------------------


def attach(doc, name: str, content: bytes) -> DocumentAttachment:
    upload = UploadedFile(title=name)
    upload.file.save(name, ContentFile(content), save=False)
    upload.save()
    return DocumentAttachment.objects.create(document=doc, file=upload, title=name)


def test_a_draft_s_attachment_is_not_reached_under_a_published_document(client, edu, draft):
    published = DocumentFactory(unit=edu, title="已公开的通知")
    hidden = attach(draft, "mingdan.pdf", b"%PDF-1.4 internal roster")
    shown = attach(published, "xize.pdf", b"%PDF-1.4 public")
    base = published.get_absolute_url()
    assert client.get(shown.get_absolute_url()).status_code == 200
    response = client.get(f"{base}a/{hidden.pk}/mingdan.pdf")
    assert response.status_code == 404 and b"roster" not in page(response).encode()


def test_a_withdrawn_document_keeps_a_tombstone_and_loses_its_files(client, edu, staff):
    doc = DocumentFactory(unit=edu, title="撤稿前的通知", body="<p>撤稿前的正文内容</p>")
    item = attach(doc, "fujian.pdf", b"%PDF-1.4 withdrawn")
    assert client.get(item.get_absolute_url()).status_code == 200
    publishing_services.withdraw(doc, staff[Role.HEAD], "内容有误")
    tombstone = client.get(doc.get_absolute_url())
    assert tombstone.status_code == 410 and "撤稿前的正文内容" not in page(tombstone)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/documents/{doc.index_no}").status_code == 404
    assert doc.title not in page(client.get("/api/v1/documents"))


def test_an_unpublished_consultation_s_attachment_is_not_reached_under_a_public_one(
    client, edu, open_consultation
):
    hidden = make_consultation(edu, live=False, title="内部草稿：不得公开")
    upload = UploadedFile(title="内部稿")
    upload.file.save("neibu.pdf", ContentFile(b"%PDF-1.4 internal"), save=False)
    upload.save()
    item = ConsultationAttachment.objects.create(consultation=hidden, file=upload)
    url = f"/consultations/{open_consultation.pk}/attachments/{item.pk}/neibu.pdf"
    assert client.get(url).status_code == 404


# -- CSRF ----------------------------------------------------------------------------------------


def token_of(client: Client, address: str) -> str:
    assert client.get(address).status_code == 200
    return client.cookies[settings.CSRF_COOKIE_NAME].value


PUBLIC_FORMS = {
    "platform-request": (
        "/apply/",
        lambda ctx: filled(unit=ctx["edu"].code),
        lambda: RequestCase.objects.count(),
    ),
    "message-look-up": (
        "/messages/status/",
        lambda ctx: {"code": ctx["message"].code, "verifier": "5678"},
        None,
    ),
    "survey-answer": (
        "survey",
        lambda ctx: answers(ctx["survey"]),
        lambda: Response.objects.count(),
    ),
}


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_a_public_form_without_its_csrf_token_is_refused_and_stores_nothing(edu, open_survey, name):
    ctx = {"edu": edu, "survey": open_survey, "message": submit(edu)}
    address, data, count = PUBLIC_FORMS[name]
    if address == "survey":
        address = open_survey.get_absolute_url()
    strict = Client(enforce_csrf_checks=True)
    before = count() if count else None
    refused = strict.post(address, data(ctx))
    assert refused.status_code == 403
    assert ctx["message"].subject not in page(refused)
    if count:
        assert count() == before
    # The same browser, with the token its page gave it, gets through.
    accepted = strict.post(address, {**data(ctx), "csrfmiddlewaretoken": token_of(strict, address)})
    assert accepted.status_code in (200, 302)
    if count:
        assert count() == before + 1
    else:
        assert ctx["message"].subject in page(accepted)


def test_the_e_mail_code_page_needs_its_csrf_token(edu, settings):
    settings.GONGKAI_MESSAGE_VERIFY = "email"
    strict = Client(enforce_csrf_checks=True)
    token = token_of(strict, "/messages/new/")
    data = message_data(edu, phone="", email="wang@example.cn", csrfmiddlewaretoken=token)
    assert strict.post("/messages/new/", data).status_code == 302
    from django.core import mail

    code = mail.outbox[-1].subject.split()[-1]
    assert strict.post("/messages/verify/", {"code": code}).status_code == 403
    assert Message.objects.get().state == MessageState.UNVERIFIED


@pytest.fixture
def edu_case(edu):
    return services.file_request(unit=edu, received_on=date(2024, 3, 1), **APPLICANT)


def staff_actions(ctx) -> dict:
    """Each staff action: (who, address, data, how to tell that nothing happened)."""
    case, message, comment = ctx["case"], ctx["message"], ctx["comment"]
    return {
        "record-a-step": (
            Role.OFFICER,
            reverse("foi_admin:case", args=[case.pk]),
            {"on": "2024-03-05", "kind": "accepted"},
            lambda: CaseEvent.objects.filter(case=case).count() == 1,
        ),
        "register-a-request": (
            Role.OFFICER,
            reverse("foi_admin:register"),
            {
                "unit": ctx["edu"].pk,
                "channel": "post",
                "received_on": "2024-05-06",
                "applicant_type": "natural_person",
                "applicant_name": "张三",
                "id_kind": "resident_id",
                "id_number": "620321199001011233",
                "phone": "13912345678",
                "description": "本局2023年校舍维修项目的招标文件",
                "preferred_form": "paper",
                "delivery": "post",
                "address": "永昌县某路1号",
            },
            lambda: RequestCase.objects.count() == 1,
        ),  # fmt: skip
        "make-a-letter": (
            Role.OFFICER,
            reverse("foi_admin:letter_new", args=[case.pk]) + "?kind=receipt",
            {
                "title": "回执",
                "recipient": "王小明",
                "body": "您的申请已收到。",
                "issuer": "永昌县教育局",
                "issued_on": "2024-03-05",
            },
            lambda: not CaseLetter.objects.exists(),
        ),  # fmt: skip
        "edit-a-letter-template": (
            Role.OFFICE,
            reverse("foi_admin:template_edit", args=["correction"]),
            {"title": "补正告知书", "body": "{申请人}：请补正。"},
            lambda: not LetterTemplate.objects.exists(),
        ),
        "withhold-a-message": (
            Role.OFFICER,
            reverse("messages_admin:withhold", args=[message.pk]),
            {"note": "含有他人隐私"},
            lambda: Message.objects.get(pk=message.pk).withheld_reason == "",
        ),
        "start-a-reply": (
            Role.OFFICER,
            reverse("messages_admin:reply", args=[message.pk]),
            {},
            lambda: not MessageReply.objects.exists(),
        ),
        "moderate-a-comment": (
            Role.OFFICER,
            reverse("consultations_admin:moderate", args=[comment.pk]),
            {"decision": "approve"},
            lambda: Comment.objects.get(pk=comment.pk).status == "pending",
        ),
    }


ACTIONS = [
    "record-a-step",
    "register-a-request",
    "make-a-letter",
    "edit-a-letter-template",
    "withhold-a-message",
    "start-a-reply",
    "moderate-a-comment",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_a_staff_action_without_its_csrf_token_is_refused(
    staff, edu, edu_case, open_consultation, action
):
    comment = Comment.objects.create(
        consultation=open_consultation, contact="13912345678", text="意见", public=True
    )
    ctx = {"edu": edu, "case": edu_case, "message": submit(edu), "comment": comment}
    who, address, data, untouched = staff_actions(ctx)[action]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff[who])
    assert strict.post(address, data).status_code == 403
    assert untouched()
    # With the token the same action goes through, so the refusal above was the token's.
    token = token_of(strict, reverse("wagtailadmin_home"))
    done = strict.post(address, {**data, "csrfmiddlewaretoken": token})
    assert done.status_code == 302, page(done)[:500]
    assert not untouched()


def test_signing_out_of_the_back_office_needs_a_post_with_the_token(staff):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff[Role.OFFICER])
    strict.post("/admin/logout/")
    assert strict.get(reverse("wagtailadmin_home")).status_code == 200  # still signed in


# -- oversized bodies -----------------------------------------------------------------------------


def public_posts(ctx) -> dict:
    """Each public form: (address, a valid body, the number of rows it stores)."""
    edu = ctx["edu"]
    return {
        "unit-request": (
            f"/u/{edu.code}/apply/", filled(), lambda: RequestCase.objects.count()
        ),
        "platform-request": (
            "/apply/", filled(unit=edu.code), lambda: RequestCase.objects.count()
        ),
        "status-look-up": (
            "/apply/status/", {"code": "7KQ4-M2XR-P", "verifier": "5678"}, None
        ),
        "message": ("/messages/new/", message_data(edu), lambda: Message.objects.count()),
        "message-look-up": ("/messages/status/", {"code": "7KQ4M2XRP", "verifier": "5678"}, None),
        "survey-answer": (
            ctx["survey"].get_absolute_url(), answers(ctx["survey"]), lambda: Response.objects.count()
        ),
        "comment": (
            ctx["consultation"].get_absolute_url(), comment_data(), lambda: Comment.objects.count()
        ),
    }  # fmt: skip


FORMS = [
    "unit-request",
    "platform-request",
    "status-look-up",
    "message",
    "message-look-up",
    "survey-answer",
    "comment",
]


@pytest.fixture
def ctx(edu, open_survey, open_consultation):
    return {"edu": edu, "survey": open_survey, "consultation": open_consultation}


def refused_with_400(response) -> None:
    assert response.status_code == 400
    assert "Server Error" not in page(response)


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
@pytest.mark.parametrize("form", FORMS)
def test_a_body_larger_than_allowed_is_a_400_and_stores_nothing(ctx, form, encoding):
    address, data, count = public_posts(ctx)[form]
    before = count() if count else None
    data = {**data, "padding": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    if encoding == "multipart":
        response = Client().post(address, data)
    else:
        body = urlencode(data, doseq=True)
        assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        response = Client().post(address, body, content_type="application/x-www-form-urlencoded")
    refused_with_400(response)
    if count:
        assert count() == before


@pytest.mark.parametrize("form", FORMS)
def test_too_many_fields_are_a_400_and_store_nothing(ctx, form):
    address, data, count = public_posts(ctx)[form]
    before = count() if count else None
    extra = {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    refused_with_400(Client().post(address, {**data, **extra}))
    body = urlencode({**data, **extra}, doseq=True)
    refused_with_400(Client().post(address, body, content_type="application/x-www-form-urlencoded"))
    if count:
        assert count() == before


@pytest.mark.parametrize("form", ["unit-request", "message", "survey-answer", "comment"])
def test_the_same_bodies_without_the_excess_are_stored(ctx, form):
    address, data, count = public_posts(ctx)[form]
    before = count()
    assert Client().post(address, data).status_code == 302
    assert count() == before + 1


# -- redirects after a staff action stay on the site --------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_moderation_never_redirects_off_the_site(login, staff, open_consultation, target):
    comment = Comment.objects.create(
        consultation=open_consultation, contact="13912345678", text="意见", public=True
    )
    officer = login(staff[Role.OFFICER])
    url = reverse("consultations_admin:moderate", args=[comment.pk])
    response = officer.post(url, {"decision": "approve", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations_admin:overview")
    comments = reverse("consultations_admin:comments", args=[open_consultation.pk])
    back = officer.post(url, {"decision": "approve", "next": comments})
    assert back["Location"] == comments  # where the officer came from, on this site
