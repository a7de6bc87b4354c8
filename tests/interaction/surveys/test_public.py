"""The public pages over HTTP: list, form, one response per person, the guard, results, and
that unpublished surveys and free-text answers never reach a public address."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.interaction.surveys import abuse
from gongkai.interaction.surveys.models import Answer, Response, ResultsShown
from gongkai.publishing.roles import Role
from gongkai.requests import guard
from tests.interaction.surveys.conftest import NOW, answers, make_survey, qids

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_the_list_sorts_surveys_by_state(client, open_survey, upcoming_survey, closed_survey, edu):
    make_survey(edu, live=False, title="草稿调查")
    page = html(client.get(reverse("surveys:index")))
    assert open_survey.title in page and "未开始调查" not in page and "草稿调查" not in page
    assert "未开始调查" in html(client.get(reverse("surveys:index") + "?tab=upcoming"))
    closed = html(client.get(reverse("surveys:index") + "?tab=closed"))
    assert "已结束调查" in closed and "草稿调查" not in closed


def test_the_home_page_links_to_the_surveys(client, db):
    assert reverse("surveys:index") in html(client.get("/"))


def test_a_draft_is_never_reachable(client, edu):
    draft = make_survey(edu, live=False, results_shown=ResultsShown.LIVE)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("surveys:results", args=[draft.pk])).status_code == 404
    assert client.post(draft.get_absolute_url(), answers(draft)).status_code == 404
    assert not Response.objects.exists()


def test_a_survey_in_review_is_never_reachable(client, edu, staff):
    from wagtail.models import Workflow

    survey = make_survey(edu, live=False)
    Workflow.objects.get(name="网上调查审核").start(survey, staff[Role.OFFICER])
    survey.refresh_from_db()
    assert survey.workflow_in_progress and not survey.live
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 404


def test_the_form_is_accessible(client, open_survey):
    page = html(client.get(open_survey.get_absolute_url()))
    assert page.count("<fieldset") == 2 and page.count("<legend>") == 2
    a, b, c = qids(open_survey)
    assert f'<label for="q{a}-0">学生家长</label>' in page
    assert f'<label for="q{c}-input">' in page and 'maxlength="50"' in page
    assert (
        page.count('<span class="req">必填</span>') == 2 and '<span class="opt">选填</span>' in page
    )
    assert "csrfmiddlewaretoken" in page and 'name="form_token"' in page
    assert "最多选2项" in page


def test_an_answer_is_stored_once_and_the_browser_is_remembered(client, open_survey):
    response = client.post(open_survey.get_absolute_url(), answers(open_survey, text="很好"))
    assert response.status_code == 302
    assert Response.objects.count() == 1 and Answer.objects.count() == 3
    assert abuse.cookie_name(open_survey.pk) in response.cookies
    page = html(client.get(open_survey.get_absolute_url()))
    assert "答卷已提交，感谢您的参与" in page
    again = client.post(open_survey.get_absolute_url(), answers(open_survey))
    assert again.status_code == 409 and abuse.ALREADY_MESSAGE in html(again)
    assert Response.objects.count() == 1


def test_a_forged_cookie_does_not_block_and_a_cookie_of_another_survey_does_not_count(
    client, open_survey, edu
):
    other = make_survey(edu, title="另一个调查")
    client.cookies[abuse.cookie_name(open_survey.pk)] = "1"  # not signed
    assert client.post(open_survey.get_absolute_url(), answers(open_survey)).status_code == 302
    assert client.post(other.get_absolute_url(), answers(other)).status_code == 302
    assert Response.objects.count() == 2


def test_a_missing_answer_is_marked_next_to_its_question_and_the_rest_is_kept(client, open_survey):
    a, b, c = qids(open_survey)
    data = answers(open_survey, single="", multiple=("体育活动",), text="延长服务时间")
    response = client.post(open_survey.get_absolute_url(), data)
    page = html(response)
    assert response.status_code == 200 and not Response.objects.exists()
    assert (
        f'<p class="error-message" id="q{a}-error">' in page
        and "此题为必答题，请选择一项。" in page
    )
    assert f"#q{a}" in page  # the summary links to the question
    assert f'id="q{b}-1" value="体育活动" checked' in page
    assert "延长服务时间</textarea>" in page


def test_too_many_choices_are_refused_with_the_count(client, open_survey):
    data = answers(open_survey, multiple=("作业辅导", "体育活动", "艺术活动"))
    page = html(client.post(open_survey.get_absolute_url(), data))
    assert "此题最多选择2项，您选了3项。" in page and not Response.objects.exists()


def test_answering_before_the_open_or_after_the_close_is_refused(
    client, upcoming_survey, closed_survey
):
    early = client.post(upcoming_survey.get_absolute_url(), answers(upcoming_survey))
    assert early.status_code == 409 and "本调查尚未开始" in html(early)
    late = client.post(closed_survey.get_absolute_url(), answers(closed_survey))
    assert late.status_code == 409 and "本调查已结束，不再接受答卷" in html(late)
    assert not Response.objects.exists()
    assert "<form" not in html(client.get(closed_survey.get_absolute_url())).split("问卷")[-1]


def test_a_filled_honeypot_stores_nothing_and_keeps_the_answers(client, open_survey):
    data = {**answers(open_survey, text="我的建议"), guard.HONEYPOT_FIELD: "http://spam"}
    page = html(client.post(open_survey.get_absolute_url(), data))
    assert abuse.HONEYPOT_MESSAGE in page and "我的建议</textarea>" in page
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "token, message",
    [
        (lambda: guard.issue_token(now=time.time() - 1), "提交太快"),
        (lambda: guard.issue_token(now=time.time() - 3 * 3600), "页面已过期"),
        (lambda: "forged", "页面信息不完整"),
    ],
)
def test_a_bad_timestamp_stores_nothing(client, open_survey, token, message):
    data = {**answers(open_survey), guard.TOKEN_FIELD: token()}
    page = html(client.post(open_survey.get_absolute_url(), data))
    assert message in page and "提交答卷" in page
    assert not Response.objects.exists()


def test_form_posts_are_limited_per_ip(client, open_survey, settings):
    settings.GONGKAI_SURVEY_RATE_FORM = "2/h"
    for _ in range(2):
        client.post(open_survey.get_absolute_url(), answers(open_survey, single=""))
    response = client.post(open_survey.get_absolute_url(), answers(open_survey))
    assert response.status_code == 429 and response["Retry-After"]
    assert not Response.objects.exists()


def test_responses_are_limited_per_ip_even_without_the_cookie(open_survey, settings):
    settings.GONGKAI_SURVEY_RATE_RESPONSE = "1/d"
    assert Client().post(open_survey.get_absolute_url(), answers(open_survey)).status_code == 302
    second = Client().post(open_survey.get_absolute_url(), answers(open_survey))
    assert second.status_code == 429 and "提交次数过多" in html(second)
    assert Response.objects.count() == 1


def test_results_after_close_wait_for_the_close(client, open_survey):
    client.post(open_survey.get_absolute_url(), answers(open_survey))
    page = html(client.get(reverse("surveys:results", args=[open_survey.pk])))
    assert "结果将在调查结束" in page and "<svg" not in page


def test_results_show_a_chart_and_a_table_but_never_free_text(client, edu):
    survey = make_survey(edu, results_shown=ResultsShown.LIVE)
    client.post(survey.get_absolute_url(), answers(survey, text="王建华 13912345678 的建议"))
    page = html(client.get(reverse("surveys:results", args=[survey.pk])))
    assert page.count("<svg") == 2
    assert "<script" not in page.split("<article", 1)[1]  # a picture with no script
    assert "<caption>第1题各选项人数</caption>" in page
    assert '<th scope="row">学生家长</th><td>1</td><td>100.0%</td>' in page
    assert "13912345678" not in page and "王建华" not in page
    assert "填空题的内容不公开展示" in page


def test_a_closed_surveys_results_are_public(client, edu):
    survey = make_survey(edu, opens=NOW - dt.timedelta(days=9), closes=NOW + dt.timedelta(days=1))
    Client().post(survey.get_absolute_url(), answers(survey))
    survey.closes_at = NOW - dt.timedelta(hours=1)
    survey.save()
    page = html(client.get(reverse("surveys:results", args=[survey.pk])))
    assert "共收到答卷 <strong data-total>1</strong> 份" in page


def test_pages_with_the_form_are_not_cached(client, open_survey):
    assert "no-cache" in client.get(open_survey.get_absolute_url())["Cache-Control"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    single=st.text(max_size=40),
    multiple=st.lists(st.sampled_from(["作业辅导", "体育活动", "艺术活动", "x", ""]), max_size=6),
    text=st.text(max_size=120),
    extra=st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=20), max_size=3),
)
def test_no_input_gives_a_500_or_stores_half_a_response(open_survey, single, multiple, text, extra):
    client = Client()  # a fresh browser: no cookie from an earlier example
    from django.core.cache import cache

    cache.clear()
    before = Response.objects.count(), Answer.objects.count()
    data = {**extra, **answers(open_survey, single=single, multiple=multiple, text=text)}
    response = client.post(open_survey.get_absolute_url(), data)
    assert response.status_code in (200, 302)
    responses, rows = Response.objects.count(), Answer.objects.count()
    if response.status_code == 200:
        assert (responses, rows) == before
    else:
        assert responses == before[0] + 1
        assert rows - before[1] == 1 + len(multiple) + (1 if text.strip() else 0)
