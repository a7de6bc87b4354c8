"""The back office of 留言 over HTTP: the queue and the page of a message for the unit's staff,
transfer, reply through review to the public page, withholding, referral, conversion into a
disclosure request, the dashboard, and the boundaries between units and roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.interaction.messages.models import EventKind, Message, MessageReply, MessageState
from gongkai.publishing.roles import Role
from gongkai.requests.models import RequestCase
from tests.interaction.messages.conftest import RECEIVED, answer, submit
from tests.interaction.review import act, current_task
from tests.publishing.test_roles import denied

pytestmark = pytest.mark.django_db

REPLY_NS = "wagtailsnippets_citizen_messages_messagereply"


def detail(m) -> str:
    return reverse("messages_admin:detail", args=[m.pk])


def reply_form(text: str, action="action-submit") -> dict:
    return {"text": text, action: action}


def test_the_unit_sees_its_queue_with_the_citizens_contact(open_message, staff, login):
    officer = login(staff[Role.OFFICER])
    html = officer.get(reverse("messages_admin:list")).content.decode()
    assert open_message.subject in html
    page = officer.get(detail(open_message)).content.decode()
    assert "13912345678" in page and "王建华" in page and "2026年2月24日" in page


def test_another_units_staff_get_404_and_an_empty_queue(open_message, staff, login):
    police = login(staff["police_officer"])
    assert open_message.subject not in police.get(reverse("messages_admin:list")).content.decode()
    for name in ("detail", "transfer", "withhold", "refer", "reply"):
        url = reverse(f"messages_admin:{name}", args=[open_message.pk])
        response = (
            police.post(url, {"note": "x", "reason": "x"}) if name != "detail" else police.get(url)
        )
        assert response.status_code == 404, name
    assert Message.objects.get().events.count() == 1


def test_the_public_never_reaches_the_back_office(open_message, client):
    response = client.get(detail(open_message))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_leader_may_read_but_not_act(open_message, staff, login, police):
    leader = login(staff[Role.LEADER])
    page = leader.get(detail(open_message))
    assert page.status_code == 200 and "转办" not in page.content.decode().split("办理记录")[1]
    url = reverse("messages_admin:transfer", args=[open_message.pk])
    assert denied(leader.post(url, {"to_unit": police.pk, "reason": "x"}))
    assert denied(leader.post(reverse("messages_admin:reply", args=[open_message.pk])))
    assert Message.objects.get().events.count() == 1 and not MessageReply.objects.exists()


def test_steps_need_a_post(open_message, staff, login):
    officer = login(staff[Role.OFFICER])
    for name in ("transfer", "withhold", "refer", "reply"):
        assert (
            officer.get(reverse(f"messages_admin:{name}", args=[open_message.pk])).status_code
            == 405
        )


def test_steps_need_the_csrf_token(open_message, staff, police):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff[Role.OFFICER])
    url = reverse("messages_admin:transfer", args=[open_message.pk])
    assert strict.post(url, {"to_unit": police.pk, "reason": "属公安局职责"}).status_code == 403
    assert Message.objects.get().unit.code == "620321003"


def test_a_transfer_hands_the_message_over_and_out_of_my_queue(open_message, staff, login, police):
    officer = login(staff[Role.OFFICER])
    url = reverse("messages_admin:transfer", args=[open_message.pk])
    refused = officer.post(url, {"to_unit": police.pk, "reason": ""})
    assert refused.status_code == 400 and "请填写转办理由" in refused.content.decode()
    response = officer.post(url, {"to_unit": police.pk, "reason": "属公安局职责"})
    assert response.status_code == 302 and response["Location"] == reverse("messages_admin:list")
    assert officer.get(detail(open_message)).status_code == 404
    police_officer = login(staff["police_officer"])
    page = police_officer.get(detail(open_message)).content.decode()
    assert "属公安局职责" in page and "永昌县教育局 → 永昌县公安局" in page


def test_a_reply_goes_through_two_levels_of_review_to_the_public(
    open_message, staff, login, client
):
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse("messages_admin:reply", args=[open_message.pk]))
    reply = MessageReply.objects.get()
    assert response["Location"] == reverse(f"{REPLY_NS}:edit", args=[reply.pk])
    edit = reverse(f"{REPLY_NS}:edit", args=[reply.pk])
    assert officer.post(edit, reply_form("王建华您好，请携带户口簿。")).status_code == 302
    reply.refresh_from_db()
    assert reply.workflow_in_progress and not reply.live
    open_message.refresh_from_db()
    assert open_message.state == MessageState.OPEN
    assert EventKind.REPLY_SUBMITTED in open_message.events.values_list("kind", flat=True)
    client.logout()
    assert client.get(f"/messages/{open_message.pk}/").status_code == 404

    editor = login(staff[Role.EDITOR])
    act(editor, reply, "reject", "")  # refused: returning needs a comment
    assert current_task(reply) == "留言答复·责任编辑审核"
    assert not open_message.events.filter(kind=EventKind.REPLY_RETURNED).exists()
    act(editor, reply, "approve")
    assert current_task(reply) == "留言答复·负责人签发" and not Message.objects.public().exists()
    act(login(staff[Role.HEAD]), reply, "approve")
    reply.refresh_from_db()
    open_message.refresh_from_db()
    assert reply.live and open_message.state == MessageState.ANSWERED
    client.logout()
    page = client.get(f"/messages/{open_message.pk}/").content.decode()
    assert "请携带户口簿" in page and "王**您好" in page


def test_a_returned_reply_is_recorded_with_the_comment(open_message, staff, login):
    officer = login(staff[Role.OFFICER])
    officer.post(reverse("messages_admin:reply", args=[open_message.pk]))
    reply = MessageReply.objects.get()
    officer.post(reverse(f"{REPLY_NS}:edit", args=[reply.pk]), reply_form("答复"))
    act(login(staff[Role.EDITOR]), reply, "reject", "请写明报名时间")
    event = open_message.events.get(kind=EventKind.REPLY_RETURNED)
    assert event.note == "请写明报名时间"
    assert MessageReply.objects.get().live is False


def test_another_units_editor_cannot_review_a_reply(open_message, staff, login, make_staff, police):
    officer = login(staff[Role.OFFICER])
    officer.post(reverse("messages_admin:reply", args=[open_message.pk]))
    reply = MessageReply.objects.get()
    officer.post(reverse(f"{REPLY_NS}:edit", args=[reply.pk]), reply_form("答复"))
    outsider = login(make_staff("police_editor", Role.EDITOR, police))
    assert outsider.get(reverse(f"{REPLY_NS}:edit", args=[reply.pk])).status_code == 404
    act(outsider, reply, "approve")
    assert current_task(reply) == "留言答复·责任编辑审核"


def test_a_reply_cannot_be_added_on_its_own(staff, login):
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse(f"{REPLY_NS}:add"), reply_form("孤立的答复"))
    assert response.status_code == 302 and not MessageReply.objects.exists()


def test_withholding_takes_an_answered_message_off_the_public_list(
    open_message, staff, login, client
):
    answer(open_message)
    assert client.get(f"/messages/{open_message.pk}/").status_code == 200
    officer = login(staff[Role.OFFICER])
    url = reverse("messages_admin:withhold", args=[open_message.pk])
    assert officer.post(url, {"note": ""}).status_code == 400
    assert officer.post(url, {"note": "含有他人隐私"}).status_code == 302
    client.logout()
    assert client.get(f"/messages/{open_message.pk}/").status_code == 404


def test_referral_closes_the_message_and_tells_the_citizen(open_message, staff, login, client):
    officer = login(staff[Role.OFFICER])
    url = reverse("messages_admin:refer", args=[open_message.pk])
    assert officer.post(url, {"note": "已转县信访局办理。"}).status_code == 302
    open_message.refresh_from_db()
    assert open_message.state == MessageState.REFERRED
    client.logout()
    html = client.post(
        "/messages/status/", {"code": open_message.code, "verifier": "5678"}
    ).content.decode()
    assert "已转县信访局办理" in html and "已转信访渠道办理" in html


def test_conversion_registers_a_request_and_closes_the_message(open_message, staff, login):
    officer = login(staff[Role.OFFICER])  # officers register requests of their units
    form = officer.get(reverse("foi_admin:register") + f"?from_message={open_message.pk}")
    html = form.content.decode()
    assert form.status_code == 200 and "由留言转为政府信息公开申请" in html
    assert 'value="王建华"' in html and "13912345678" in html
    data = {
        "from_message": open_message.pk,
        "unit": open_message.unit_id,
        "channel": "online",
        "received_on": "2026-02-11",
        "applicant_type": "natural_person",
        "applicant_name": "王建华",
        "id_kind": "resident_id",
        "id_number": "620321199001011233",
        "phone": "13912345678",
        "email": "",
        "address": "",
        "description": open_message.text,
        "purpose": "",
        "preferred_form": "paper",
        "delivery": "pick_up",
    }
    response = officer.post(reverse("foi_admin:register"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = RequestCase.objects.get()
    open_message.refresh_from_db()
    assert open_message.state == MessageState.CONVERTED and open_message.request_case == case
    assert case.received_on == dt.date(2026, 2, 11)


def test_the_dashboard_counts_overdue_and_three_month_old_messages(staff, login, edu):
    submit(edu, subject="超过三个月的留言", at=RECEIVED - dt.timedelta(days=120))
    submit(edu, subject="刚收到的留言", at=dt.datetime.now(dt.UTC))
    html = login(staff[Role.OFFICER]).get("/admin/").content.decode()
    assert "留言办理" in html and "已逾期 1 条" in html and "超过3个月未答复 1 条" in html


def test_reviewers_see_replies_waiting_on_their_dashboard(open_message, staff, login):
    officer = login(staff[Role.OFFICER])
    officer.post(reverse("messages_admin:reply", args=[open_message.pk]))
    reply = MessageReply.objects.get()
    officer.post(reverse(f"{REPLY_NS}:edit", args=[reply.pk]), reply_form("答复"))
    html = login(staff[Role.EDITOR]).get("/admin/").content.decode()
    assert "与民互动等待我审核（1）" in html and f"答复：{open_message.subject}" in html
