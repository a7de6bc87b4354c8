"""The public pages: the list, a consultation, the comment form with its abuse guard, and
what must never be reachable (unpublished consultations, unapproved or private comments,
contacts)."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents.models import Document as WagtailDocument

from gongkai.interaction.consultations import services
from gongkai.interaction.consultations.models import (
    Comment,
    CommentStatus,
    ConsultationAttachment,
)
from gongkai.requests import guard
from tests.interaction.consultations.conftest import TODAY, comment_data, make_consultation

pytestmark = pytest.mark.django_db


def page(client, c) -> str:
    response = client.get(c.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_open_consultations_with_days_left(client, open_consultation):
    html = client.get("/consultations/").content.decode()
    assert open_consultation.title in html and "征集中" in html and "剩余 26 天" in html


def test_the_ended_and_answered_tabs(client, ended_consultation):
    assert ended_consultation.title in client.get("/consultations/?tab=ended").content.decode()
    assert (
        ended_consultation.title not in client.get("/consultations/?tab=answered").content.decode()
    )
    services.start_feedback(ended_consultation).save_revision().publish(skip_permission_checks=True)
    assert ended_consultation.title in client.get("/consultations/?tab=answered").content.decode()


def test_the_page_shows_draft_explanation_and_the_form(client, open_consultation):
    html = page(client, open_consultation)
    assert "为规范课后服务" in html and "起草说明正文" in html
    assert 'name="form_token"' in html and "csrfmiddlewaretoken" in html
    assert "yjzj@example.cn" in html  # the unit's address for comments, not a citizen's


def test_a_comment_is_stored_pending_and_thanked(client, open_consultation):
    response = client.post(open_consultation.get_absolute_url(), comment_data())
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.public
    assert comment.contact == "13912345678" and comment.name == "王建华"
    html = client.get(response["Location"]).content.decode()
    assert "意见已提交" in html
    assert "建议课后服务延长到18点" not in html  # not before moderation


def test_an_e_mail_address_is_a_contact(client, open_consultation):
    client.post(open_consultation.get_absolute_url(), comment_data(contact="Wang@Example.cn"))
    assert Comment.objects.get().contact == "wang@example.cn"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"contact": ""}, "请填写联系方式"),
        ({"contact": "12345"}, "也可以填写电子邮箱"),
        ({"contact": "wang@"}, "电子邮箱格式不正确"),
        ({"text": ""}, "请填写意见内容"),
        ({"text": "意" * 2001}, "意见内容最多2000个字，您填写了2001个字"),
        ({"public": None}, "请选择是否公开"),
    ],
)
def test_bad_input_is_explained_and_the_typing_kept(client, open_consultation, changes, message):
    response = client.post(open_consultation.get_absolute_url(), comment_data(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "王建华" in html
    assert not Comment.objects.exists()


def test_a_name_can_be_required_by_setting(client, open_consultation, settings):
    settings.GONGKAI_CONSULT_NAME_REQUIRED = True
    response = client.post(open_consultation.get_absolute_url(), comment_data(name=""))
    assert "请填写姓名" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_name_is_optional_by_default(client, open_consultation):
    assert (
        client.post(open_consultation.get_absolute_url(), comment_data(name="")).status_code == 302
    )
    assert Comment.objects.get().name == ""


@pytest.mark.parametrize(
    "starts_on, ends_on, message",
    [
        (TODAY + dt.timedelta(days=1), None, "开始，届时欢迎提出意见"),
        (TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=1), "结束，不再接收意见"),
    ],
)
def test_comments_outside_the_period_are_refused_clearly(client, edu, starts_on, ends_on, message):
    c = make_consultation(edu, starts_on=starts_on, ends_on=ends_on)
    html = page(client, c)
    assert message in html and 'name="text"' not in html  # no form to fill in vain
    response = client.post(c.get_absolute_url(), comment_data())
    assert response.status_code == 409 and message in response.content.decode()
    assert "建议课后服务延长到18点" in response.content.decode()  # kept for the citizen to copy
    assert not Comment.objects.exists()


def test_the_last_day_still_takes_comments(client, edu):
    c = make_consultation(edu, starts_on=TODAY - dt.timedelta(days=3), ends_on=TODAY)
    assert client.post(c.get_absolute_url(), comment_data()).status_code == 302


@pytest.mark.parametrize(
    "token, message",
    [
        (lambda: guard.issue_token(now=time.time() - 1), "提交太快"),
        (lambda: guard.issue_token(now=time.time() - 3 * 3600), "页面已过期"),
        (lambda: guard.issue_token(now=time.time() - 60)[:-2] + "xx", "页面信息不完整"),
    ],
)
def test_a_bad_timestamp_stores_nothing_and_keeps_the_typing(
    client, open_consultation, token, message
):
    response = client.post(open_consultation.get_absolute_url(), comment_data(form_token=token()))
    html = response.content.decode()
    assert message in html and "提交意见" in html and "建议课后服务延长到18点" in html
    assert not Comment.objects.exists()
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert guard.check_token(fresh, now=time.time() + 10) is guard.Token.OK


def test_a_filled_honeypot_stores_nothing(client, open_consultation):
    response = client.post(open_consultation.get_absolute_url(), comment_data(website="http://x"))
    assert "提交未成功" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_per_ip_are_rate_limited(client, open_consultation, settings):
    settings.GONGKAI_CONSULT_RATE_COMMENT = "2/h"
    url = open_consultation.get_absolute_url()
    assert client.post(url, comment_data(text="一")).status_code == 302
    assert client.post(url, comment_data(text="二")).status_code == 302
    response = client.post(url, comment_data(text="三"))
    assert response.status_code == 429 and "提交次数过多" in response.content.decode()
    assert "三" in response.content.decode() and response["Retry-After"]
    assert Comment.objects.count() == 2


def test_form_submissions_per_ip_are_rate_limited_valid_or_not(client, open_consultation, settings):
    settings.GONGKAI_CONSULT_RATE_FORM = "2/h"
    url = open_consultation.get_absolute_url()
    client.post(url, comment_data(text=""))
    client.post(url, comment_data(text=""))
    assert client.post(url, comment_data()).status_code == 429
    assert not Comment.objects.exists()


def test_the_form_needs_its_csrf_token(open_consultation):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(open_consultation.get_absolute_url(), comment_data()).status_code == 403
    assert not Comment.objects.exists()


# -- never public ------------------------------------------------------------------------------


def _attach(c) -> ConsultationAttachment:
    file = WagtailDocument(title="征求意见稿全文")
    file.file.save("draft.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    file.save()
    return ConsultationAttachment.objects.create(consultation=c, file=file, title="征求意见稿全文")


def test_an_unpublished_consultation_and_its_attachments_are_404(client, edu):
    c = make_consultation(edu, live=False, title="内部草稿：不得公开")
    att = _attach(c)
    assert client.get(c.get_absolute_url()).status_code == 404
    assert client.post(c.get_absolute_url(), comment_data()).status_code == 404
    assert client.get(att.get_absolute_url()).status_code == 404
    assert "内部草稿" not in client.get("/consultations/").content.decode()
    assert "内部草稿" not in client.get("/consultations/?tab=ended").content.decode()
    assert not Comment.objects.exists()


def test_a_published_consultations_attachment_is_served(client, open_consultation):
    att = _attach(open_consultation)
    assert att.get_absolute_url() in page(client, open_consultation)
    response = client.get(att.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(att.get_absolute_url().replace("draft.pdf", "x.pdf")).status_code == 404


def test_an_unpublished_edit_of_a_live_consultation_stays_hidden(client, open_consultation):
    open_consultation.title = "尚未审核的新标题"
    open_consultation.save_revision()
    html = page(client, open_consultation)
    assert "尚未审核的新标题" not in html


def test_pending_private_and_rejected_comments_and_all_contacts_stay_hidden(
    client, open_consultation, staff
):
    def add(text, public, status):
        return Comment.objects.create(
            consultation=open_consultation,
            name="李秀英",
            contact="lixiuying@example.cn",
            text=text,
            public=public,
            status=status,
        )

    add("待审核的意见", True, CommentStatus.PENDING)
    add("不公开的意见", False, CommentStatus.APPROVED)
    add("不予展示的意见", True, CommentStatus.REJECTED)
    add("公开的意见", True, CommentStatus.APPROVED)
    html = page(client, open_consultation)
    assert "公开的意见" in html and "李**" in html
    for hidden in ("待审核的意见", "不公开的意见", "不予展示的意见", "lixiuying", "李秀英"):
        assert hidden not in html
    # No other public address serves comments.
    assert client.get(f"/consultations/{open_consultation.pk}/comments/").status_code == 404


def test_a_draft_feedback_summary_is_not_shown(client, ended_consultation):
    feedback = services.start_feedback(ended_consultation)
    feedback.summary = "<p>内部讨论稿</p>"
    feedback.save()
    assert "内部讨论稿" not in page(client, ended_consultation)
    assert "意见采纳情况反馈" not in page(client, ended_consultation)


def test_the_published_feedback_and_final_document_are_shown(client, ended_consultation, edu):
    from gongkai.interaction.consultations.models import Decision, FeedbackItem
    from tests.factories import DocumentFactory

    document = DocumentFactory(unit=edu, title="永昌县中小学校课后服务管理办法")
    ended_consultation.final_document = document
    ended_consultation.save_revision().publish(skip_permission_checks=True)
    feedback = services.start_feedback(ended_consultation)
    feedback.received_count = 5
    feedback.items = [
        FeedbackItem(topic="延长服务时间", count=3, decision=Decision.PARTLY, reason="受师资所限")
    ]
    feedback.save_revision().publish(skip_permission_checks=True)
    html = page(client, ended_consultation)
    assert "意见采纳情况反馈" in html and "<strong>5</strong>" in html
    assert "延长服务时间" in html and "部分采纳" in html and "受师资所限" in html
    assert "已反馈" in html
    assert document.get_absolute_url() in html and "正式文件" in html


# -- fuzzing -----------------------------------------------------------------------------------

texts = st.text(max_size=2100) | st.sampled_from(["", " ", "\x00", "13912345678", "a@b.cn"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=texts, contact=texts, text=texts, public=st.sampled_from(["1", "0", "", "x"]))
def test_no_input_breaks_the_form_or_stores_half_a_comment(
    open_consultation, name, contact, text, public
):
    cache.clear()
    before = Comment.objects.count()
    response = Client().post(
        open_consultation.get_absolute_url(),
        comment_data(name=name, contact=contact, text=text, public=public),
    )
    assert response.status_code in (200, 302)
    after = Comment.objects.count()
    if response.status_code == 302:
        assert after == before + 1
        stored = Comment.objects.latest("pk")
        assert stored.contact and stored.text and len(stored.text) <= 2000
        assert "\x00" not in stored.text + stored.name + stored.contact
    else:
        assert after == before
