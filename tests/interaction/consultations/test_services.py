"""The rules of 意见征集: the period, the phases, the list tabs, masking of public comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.interaction.consultations import services
from gongkai.interaction.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    FeedbackSummary,
)
from tests.interaction.consultations.conftest import TODAY, make_consultation

pytestmark = pytest.mark.django_db


def test_the_default_end_is_thirty_calendar_days_after_the_start():
    assert services.default_end(dt.date(2026, 1, 31)) == dt.date(2026, 3, 2)


def test_an_end_left_blank_is_filled_with_the_default_on_save(edu):
    c = make_consultation(edu, starts_on=dt.date(2026, 2, 1), ends_on=None)
    assert c.ends_on == dt.date(2026, 3, 3)


def test_an_explicit_end_is_kept(edu):
    c = make_consultation(edu, starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 2, 20))
    assert c.ends_on == dt.date(2026, 2, 20)


def test_an_end_before_the_start_is_refused(edu):
    c = Consultation(
        unit=edu,
        title="t",
        starts_on=dt.date(2026, 2, 10),
        ends_on=dt.date(2026, 2, 9),
        email="a@example.cn",
    )
    with pytest.raises(ValidationError) as error:
        c.full_clean()
    assert "征集截止日期不能早于开始日期" in str(error.value)


def test_a_consultation_needs_one_offline_channel_for_comments(edu):
    c = Consultation(unit=edu, title="t", starts_on=dt.date(2026, 2, 10))
    with pytest.raises(ValidationError) as error:
        c.full_clean()
    assert "邮寄地址、电子邮箱或联系电话" in str(error.value)


def test_the_draft_and_explanation_are_sanitised(edu):
    c = make_consultation(
        edu, draft='<p onclick="x()">正文</p><script>alert(1)</script>', explanation="<img src=x>"
    )
    assert "script" not in c.draft and "onclick" not in c.draft and "<p>正文</p>" == c.draft
    assert "img" not in c.explanation


@pytest.mark.parametrize(
    "on, phase",
    [
        (dt.date(2026, 3, 4), services.Phase.UPCOMING),
        (dt.date(2026, 3, 5), services.Phase.OPEN),
        (dt.date(2026, 4, 4), services.Phase.OPEN),  # the last day is still open
        (dt.date(2026, 4, 5), services.Phase.ENDED),
    ],
)
def test_the_phase_follows_the_period(edu, on, phase):
    c = make_consultation(edu, starts_on=dt.date(2026, 3, 5))
    assert c.ends_on == dt.date(2026, 4, 4)
    assert services.phase(c, on) is phase


def test_days_left_counts_today_and_stops_at_zero(edu):
    c = make_consultation(edu, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 10))
    assert services.days_left(c, dt.date(2026, 3, 10)) == 1
    assert services.days_left(c, dt.date(2026, 3, 1)) == 10
    assert services.days_left(c, dt.date(2026, 3, 11)) == 0


def test_a_published_feedback_summary_makes_it_answered(ended_consultation):
    assert services.phase(ended_consultation, TODAY) is services.Phase.ENDED
    feedback = services.start_feedback(ended_consultation)
    assert not feedback.live
    assert services.phase(ended_consultation, TODAY) is services.Phase.ENDED  # a draft is not
    feedback.save_revision().publish(skip_permission_checks=True)
    assert services.phase(ended_consultation, TODAY) is services.Phase.ANSWERED


def test_the_list_tabs_sort_consultations_by_state(edu, open_consultation, ended_consultation):
    draft = make_consultation(edu, live=False, title="未发布的征集")
    assert list(services.listing("open", TODAY)) == [open_consultation]
    assert list(services.listing("ended", TODAY)) == [ended_consultation]
    assert list(services.listing("answered", TODAY)) == []
    services.start_feedback(ended_consultation).save_revision().publish(skip_permission_checks=True)
    assert list(services.listing("answered", TODAY)) == [ended_consultation]
    assert draft not in services.listing("open", TODAY)


def comment_input(**changes):
    data = {"name": "王建华", "contact": "13912345678", "text": "意见", "public": True}
    data.update(changes)
    return services.CommentInput(**data)


@pytest.mark.parametrize(
    "on, message",
    [
        (dt.date(2026, 3, 4), "将于2026年03月05日开始"),
        (dt.date(2026, 4, 5), "已于2026年04月04日结束"),
    ],
)
def test_comments_are_refused_outside_the_period(edu, on, message):
    c = make_consultation(edu, starts_on=dt.date(2026, 3, 5))
    with pytest.raises(services.Closed, match=message):
        services.submit_comment(c, comment_input(), on=on)
    assert not Comment.objects.exists()


def test_comments_on_an_unpublished_consultation_are_refused(edu):
    c = make_consultation(edu, live=False)
    with pytest.raises(services.Closed):
        services.submit_comment(c, comment_input(), on=TODAY)


def test_a_new_comment_waits_for_moderation(open_consultation):
    comment = services.submit_comment(open_consultation, comment_input(), on=TODAY)
    assert comment.status == CommentStatus.PENDING
    assert services.shown_comments(open_consultation) == []


def test_only_approved_public_comments_are_shown_masked(open_consultation, staff):
    text = "我是王建华，电话13912345678，身份证号11010519491231002X，住永昌县城关镇北海子路1号。"
    public = services.submit_comment(open_consultation, comment_input(text=text), on=TODAY)
    private = services.submit_comment(
        open_consultation, comment_input(public=False, text="私下意见"), on=TODAY
    )
    rejected = services.submit_comment(open_consultation, comment_input(text="广告"), on=TODAY)
    officer = staff["信息员"]
    services.moderate(public, officer, approve=True)
    services.moderate(private, officer, approve=True)
    services.moderate(rejected, officer, approve=False)
    shown = services.shown_comments(open_consultation)
    assert len(shown) == 1
    assert shown[0].name == "王**"
    assert "13912345678" not in shown[0].text and "139" in shown[0].text
    assert "11010519491231002X" not in shown[0].text
    assert "私下意见" not in repr(shown) and "广告" not in repr(shown)


def test_another_units_staff_cannot_moderate(open_consultation, staff):
    from django.core.exceptions import PermissionDenied

    comment = services.submit_comment(open_consultation, comment_input(), on=TODAY)
    with pytest.raises(PermissionDenied):
        services.moderate(comment, staff["police_officer"], approve=True)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert not services.moderatable(staff["police_officer"]).exists()


def test_feedback_cannot_be_written_before_the_period_ends(open_consultation):
    feedback = FeedbackSummary(consultation=open_consultation)
    with pytest.raises(ValidationError, match="征集结束后才能填写"):
        feedback.full_clean()


def test_ended_consultations_without_feedback_are_listed_for_their_units(
    ended_consultation, open_consultation, staff
):
    assert list(services.ended_without_feedback(staff["信息员"], TODAY)) == [ended_consultation]
    assert list(services.ended_without_feedback(staff["police_officer"], TODAY)) == []
    services.start_feedback(ended_consultation).save_revision().publish(skip_permission_checks=True)
    assert list(services.ended_without_feedback(staff["信息员"], TODAY)) == []


def test_a_public_comment_masks_the_commenters_name_inside_the_text_too():
    from gongkai.interaction.consultations.models import Comment

    shown = services.masked(
        Comment(name="王建华", contact="x@example.cn", text="我是王建华，电话13912345678。")
    )
    assert shown.name == "王**" and shown.text == "我是王**，电话139****5678。"
