"""The back office over HTTP: draft, review, publication, moderation, feedback, and the
boundaries between units (another unit's staff get 404 or 403, never the data)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.interaction.consultations import services
from gongkai.interaction.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    FeedbackSummary,
)
from gongkai.publishing.roles import Role
from tests.interaction.consultations.conftest import TODAY
from tests.interaction.review import act, current_task
from tests.publishing.conftest import draftail

pytestmark = pytest.mark.django_db

NS = "wagtailsnippets_consultations_consultation"
FB = "wagtailsnippets_consultations_feedbacksummary"
TITLE = "《永昌县校外培训机构管理办法（征求意见稿）》公开征求意见"


def consultation_form(unit, *, action="action-submit", **overrides) -> dict:
    data = {
        "title": TITLE,
        "unit": unit.pk,
        "starts_on": "2026-03-01",
        "ends_on": "",
        "draft": draftail("第一条 为规范校外培训机构，制定本办法。"),
        "explanation": draftail("起草背景。"),
        "postal_address": "永昌县教育局",
        "email": "yjzj@example.cn",
        "phone": "",
        "final_document": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        action: action,
    }
    data.update(overrides)
    return data


@pytest.fixture
def submitted(staff, login, edu):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse(f"{NS}:add"), consultation_form(edu))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Consultation.objects.get(title=TITLE)


def test_a_saved_draft_is_not_public(staff, login, edu, client):
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse(f"{NS}:add"), consultation_form(edu, action="action-draft"))
    assert response.status_code == 302
    c = Consultation.objects.get(title=TITLE)
    assert not c.live and not c.workflow_in_progress
    assert c.ends_on == dt.date(2026, 3, 31)  # the default: 30 calendar days
    client.logout()
    assert client.get(c.get_absolute_url()).status_code == 404


def test_submission_starts_the_review_and_stays_hidden(submitted, client):
    assert submitted.workflow_in_progress and not submitted.live
    assert current_task(submitted) == "意见征集·责任编辑审核"
    client.logout()
    assert client.get(submitted.get_absolute_url()).status_code == 404


def test_two_levels_of_review_publish_it(submitted, staff, login, client):
    assert act(login(staff[Role.EDITOR]), submitted, "approve").status_code == 302
    assert current_task(submitted) == "意见征集·负责人签发"
    assert not submitted.live
    assert act(login(staff[Role.HEAD]), submitted, "approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.live and current_task(submitted) is None
    client.logout()
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert "为规范校外培训机构" in html and "起草背景" in html


def test_a_reviewer_must_say_why_when_returning_it(submitted, staff, login):
    editor = login(staff[Role.EDITOR])
    act(editor, submitted, "reject", comment="")
    assert current_task(submitted) == "意见征集·责任编辑审核"
    act(editor, submitted, "reject", comment="请补充起草说明。")
    submitted.refresh_from_db()
    assert not submitted.live


def test_an_end_before_the_start_is_refused_in_the_form(staff, login, edu):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse(f"{NS}:add"), consultation_form(edu, ends_on="2026-02-01"))
    assert response.status_code == 200
    assert "征集截止日期不能早于开始日期" in response.content.decode()
    assert not Consultation.objects.exists()


def test_another_units_staff_cannot_see_or_edit(submitted, staff):
    police = Client()
    police.force_login(staff["police_officer"])
    assert TITLE not in police.get(reverse(f"{NS}:list")).content.decode()
    assert police.get(reverse(f"{NS}:edit", args=[submitted.pk])).status_code == 404
    response = police.post(
        reverse(f"{NS}:edit", args=[submitted.pk]), consultation_form(submitted.unit, title="改")
    )
    assert response.status_code == 404
    assert (
        police.get(reverse("consultations_admin:comments", args=[submitted.pk])).status_code == 404
    )


def test_another_units_editor_cannot_review(submitted, staff, login, make_staff, police):
    other = make_staff("police_editor", Role.EDITOR, police)
    act(login(other), submitted, "approve")
    assert current_task(submitted) == "意见征集·责任编辑审核"


def test_the_unit_cannot_be_another_units(staff, login, police):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse(f"{NS}:add"), consultation_form(police))
    assert response.status_code == 200
    assert not Consultation.objects.exists()


@pytest.fixture
def pending_comment(open_consultation):
    return services.submit_comment(
        open_consultation,
        services.CommentInput(
            name="王建华", contact="13912345678", text="建议延长时间", public=True
        ),
        on=TODAY,
    )


def test_staff_of_the_unit_approve_a_comment_and_it_appears_masked(
    pending_comment, staff, login, client
):
    officer = login(staff[Role.OFFICER])
    overview = officer.get(reverse("consultations_admin:overview")).content.decode()
    assert "建议延长时间" in overview and "13912345678" in overview  # staff see the contact
    url = reverse("consultations_admin:moderate", args=[pending_comment.pk])
    assert officer.post(url, {"decision": "approve"}).status_code == 302
    pending_comment.refresh_from_db()
    assert pending_comment.status == CommentStatus.APPROVED
    client.logout()
    html = client.get(pending_comment.consultation.get_absolute_url()).content.decode()
    assert "建议延长时间" in html and "王**" in html and "13912345678" not in html


def test_another_units_staff_cannot_see_or_moderate_comments(pending_comment, staff, login):
    police = login(staff["police_officer"])
    assert (
        "建议延长时间" not in police.get(reverse("consultations_admin:overview")).content.decode()
    )
    url = reverse("consultations_admin:moderate", args=[pending_comment.pk])
    assert police.post(url, {"decision": "approve"}).status_code == 404
    pending_comment.refresh_from_db()
    assert pending_comment.status == CommentStatus.PENDING


def test_a_leader_may_look_but_not_moderate(pending_comment, staff, login):
    leader = login(staff[Role.LEADER])
    assert leader.get(reverse("consultations_admin:overview")).status_code == 200
    url = reverse("consultations_admin:moderate", args=[pending_comment.pk])
    # Wagtail's admin turns PermissionDenied into a redirect with a message.
    assert leader.post(url, {"decision": "approve"}).status_code in (302, 403)
    pending_comment.refresh_from_db()
    assert pending_comment.status == CommentStatus.PENDING


def test_moderation_needs_a_post(pending_comment, staff, login):
    officer = login(staff[Role.OFFICER])
    url = reverse("consultations_admin:moderate", args=[pending_comment.pk])
    assert officer.get(url).status_code == 405


def test_the_public_never_reaches_the_back_office(pending_comment, client):
    for url in (
        reverse("consultations_admin:overview"),
        reverse("consultations_admin:comments", args=[pending_comment.consultation_id]),
    ):
        assert client.get(url).status_code in (302, 403)


def test_the_back_office_warns_of_consultations_ended_without_feedback(
    ended_consultation, staff, login
):
    officer = login(staff[Role.OFFICER])
    html = officer.get(reverse("consultations_admin:overview")).content.decode()
    assert "已结束但未发布采纳情况反馈（1）" in html and ended_consultation.title in html
    dashboard = officer.get(reverse("wagtailadmin_home")).content.decode()
    assert "尚未发布意见采纳情况反馈" in dashboard


def test_the_feedback_summary_goes_through_review_to_the_public_page(
    ended_consultation, staff, login, client, edu
):
    Comment.objects.create(
        consultation=ended_consultation, contact="13912345678", text="意见", public=False
    )
    officer = login(staff[Role.OFFICER])
    response = officer.post(
        reverse("consultations_admin:start-feedback", args=[ended_consultation.pk])
    )
    feedback = FeedbackSummary.objects.get(consultation=ended_consultation)
    assert response.status_code == 302 and feedback.received_count == 1 and not feedback.live
    data = {
        "consultation": ended_consultation.pk,
        "received_count": "4",
        "summary": draftail("共收到意见4条。"),
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-topic": "延长服务时间",
        "items-0-count": "3",
        "items-0-decision": "adopted",
        "items-0-reason": "",
        "items-0-ORDER": "1",
        "items-1-topic": "免收费用",
        "items-1-count": "1",
        "items-1-decision": "not_adopted",
        "items-1-reason": "",
        "items-1-ORDER": "2",
        "action-submit": "action-submit",
    }
    edit = reverse(f"{FB}:edit", args=[feedback.pk])
    refused = officer.post(edit, data)
    assert refused.status_code == 200 and "请说明理由" in refused.content.decode()
    data["items-1-reason"] = "收费标准由物价部门核定。"
    assert officer.post(edit, data).status_code == 302
    feedback.refresh_from_db()
    assert feedback.workflow_in_progress and not feedback.live
    client.logout()
    assert "免收费用" not in client.get(ended_consultation.get_absolute_url()).content.decode()
    act(login(staff[Role.EDITOR]), feedback, "approve")
    act(login(staff[Role.HEAD]), feedback, "approve")
    feedback.refresh_from_db()
    assert feedback.live
    client.logout()
    html = client.get(ended_consultation.get_absolute_url()).content.decode()
    assert "免收费用" in html and "不予采纳" in html and "<strong>4</strong>" in html


def test_another_units_staff_cannot_open_a_feedback_summary(ended_consultation, staff, login):
    feedback = services.start_feedback(ended_consultation)
    police = login(staff["police_officer"])
    assert police.get(reverse(f"{FB}:edit", args=[feedback.pk])).status_code == 404
    assert (
        police.post(
            reverse("consultations_admin:start-feedback", args=[ended_consultation.pk])
        ).status_code
        == 404
    )
