"""Two units' staff (the publishing tests' fixtures), a fixed clock, and surveys in each state."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache

from gongkai.interaction.surveys import services
from gongkai.interaction.surveys.models import Question, QuestionKind, ResultsShown, Survey
from gongkai.requests import guard
from tests.publishing.conftest import (  # noqa: F401 - fixtures
    county,
    edu,
    login,
    make_staff,
    police,
    staff,
)

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)

QUESTIONS = [
    ("您的身份", QuestionKind.SINGLE, "学生家长\n学生\n教师", True, None, 500),
    (
        "您希望增加的服务（最多两项）",
        QuestionKind.MULTIPLE,
        "作业辅导\n体育活动\n艺术活动",
        True,
        2,
        500,
    ),
    ("其他建议", QuestionKind.TEXT, "", False, None, 50),
]


@pytest.fixture(autouse=True)
def _fixed_clock_and_fresh_limits(monkeypatch):
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    monkeypatch.setattr(services, "now", lambda: NOW)
    yield
    cache.clear()


def make_survey(
    unit,
    *,
    live: bool = True,
    opens=NOW - dt.timedelta(days=2),
    closes=NOW + dt.timedelta(days=5),
    results_shown=ResultsShown.AFTER_CLOSE,
    title="永昌县中小学课后服务满意度调查",
    questions=QUESTIONS,
    **fields,
) -> Survey:
    """A survey of `unit`, published (live, with a published revision) unless live=False."""
    survey = Survey(
        unit=unit,
        title=title,
        introduction="为改进课后服务开展本次调查。",
        opens_at=opens,
        closes_at=closes,
        results_shown=results_shown,
        live=False,
        **fields,
    )
    survey.questions = [
        Question(text=t, kind=k, options=o, required=r, max_choices=m, max_length=ml, sort_order=i)
        for i, (t, k, o, r, m, ml) in enumerate(questions)
    ]
    survey.save()
    revision = survey.save_revision()
    if live:
        revision.publish(skip_permission_checks=True)
        survey.refresh_from_db()
    return survey


def qids(survey) -> list[int]:
    return list(survey.questions.values_list("pk", flat=True))


def answers(survey, single="学生家长", multiple=("作业辅导",), text="") -> dict:
    """A POST body for the public form, with a token shown a minute ago."""
    a, b, c = qids(survey)
    data = {f"q{a}": single, f"q{b}": list(multiple), f"q{c}": text}
    data[guard.TOKEN_FIELD] = guard.issue_token(now=time.time() - 60)
    return data


@pytest.fixture
def open_survey(edu):  # noqa: F811 - the imported fixture
    return make_survey(edu)


@pytest.fixture
def closed_survey(edu):  # noqa: F811
    return make_survey(
        edu,
        opens=NOW - dt.timedelta(days=20),
        closes=NOW - dt.timedelta(days=1),
        title="已结束调查",
    )


@pytest.fixture
def upcoming_survey(edu):  # noqa: F811
    return make_survey(
        edu, opens=NOW + dt.timedelta(days=1), closes=NOW + dt.timedelta(days=9), title="未开始调查"
    )
