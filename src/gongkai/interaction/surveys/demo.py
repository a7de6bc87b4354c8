"""Demo 网上调查 for the demo county: one closed survey with its responses (results shown) and
one open survey whose results are shown live. Idempotent: keyed by unit and title."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongkai.interaction.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    Response,
    ResultsShown,
    Survey,
)

UNIT_CODE = "620321003"  # 教育局, where the demo information officer works
CLOSED_TITLE = "永昌县中小学课后服务满意度调查"
OPEN_TITLE = "永昌县农村学校校车服务需求调查"

CLOSED_QUESTIONS = [
    ("您的身份", QuestionKind.SINGLE, ["学生家长", "学生", "教师", "其他"], True, None),
    (
        "您对本学期课后服务的总体评价",
        QuestionKind.SINGLE,
        ["非常满意", "满意", "一般", "不满意"],
        True,
        None,
    ),
    (
        "您希望增加哪些课后服务内容（最多选两项）",
        QuestionKind.MULTIPLE,
        ["作业辅导", "体育活动", "艺术活动", "科普活动", "课外阅读"],
        True,
        2,
    ),
    ("其他意见和建议", QuestionKind.TEXT, [], False, None),
]
# How often each option is picked: a plausible, mostly satisfied picture.
CLOSED_WEIGHTS = [[6, 2, 1, 1], [3, 5, 2, 1], [5, 4, 3, 2, 3]]
SUGGESTIONS = [
    "希望课后服务结束时间能延长到六点，方便下班接孩子。",
    "建议多安排体育活动，孩子们坐了一天需要活动。",
    "作业辅导的老师很负责，谢谢学校。",
    "希望能增加书法和美术兴趣班。",
]
OPEN_QUESTIONS = [
    ("您的孩子就读的学段", QuestionKind.SINGLE, ["小学", "初中", "高中"], True, None),
    (
        "您每天接送孩子单程大约需要多长时间",
        QuestionKind.SINGLE,
        ["15分钟以内", "15至30分钟", "30分钟至1小时", "1小时以上"],
        True,
        None,
    ),
    (
        "您对校车服务最关心的是（可多选）",
        QuestionKind.MULTIPLE,
        ["乘车安全", "准时准点", "收费标准", "线路站点"],
        True,
        None,
    ),
    ("您建议增设的校车站点", QuestionKind.TEXT, [], False, None),
]


def _questions(specs) -> list[Question]:
    return [
        Question(
            text=text,
            kind=kind,
            options="\n".join(options),
            required=required,
            max_choices=max_choices,
            max_length=300,
            sort_order=i,
        )
        for i, (text, kind, options, required, max_choices) in enumerate(specs)
    ]


def _publish(survey: Survey) -> Survey:
    survey.live = False
    survey.save()
    survey.save_revision().publish(skip_permission_checks=True)
    survey.refresh_from_db()
    return survey


def _respond(survey: Survey, count: int, weights, texts, step_hours: int, rng) -> None:
    questions = list(survey.questions.all())
    for n in range(count):
        response = Response.objects.create(survey=survey)
        rows = []
        for q, w in zip(questions, weights, strict=False):
            options = q.option_list
            if q.kind == QuestionKind.SINGLE:
                rows.append(
                    Answer(response=response, question=q, choice=rng.choices(options, w)[0])
                )
            else:
                picks = set(rng.choices(options, w, k=q.max_choices or 2))
                rows += [
                    Answer(response=response, question=q, choice=c) for c in options if c in picks
                ]
        text_q = next(q for q in questions if q.kind == QuestionKind.TEXT)
        if n % 4 == 0 and texts:
            rows.append(Answer(response=response, question=text_q, text=texts[n // 4 % len(texts)]))
        Answer.objects.bulk_create(rows)
        Response.objects.filter(pk=response.pk).update(
            submitted_at=survey.opens_at
            + dt.timedelta(hours=step_hours * n, minutes=rng.randrange(0, 60 * step_hours))
        )


@transaction.atomic
def load_demo(units: dict, *, now: dt.datetime | None = None) -> int:
    """Create the demo surveys that are missing; return how many were created."""
    unit = units.get(UNIT_CODE)
    if unit is None:
        return 0
    # Office hours in the county's time: opens at 08:00, closes at 18:00.
    day = timezone.localtime(now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    morning, evening = day.replace(hour=8), day.replace(hour=18)
    rng = random.Random(20260321)  # the same demo every time
    made = 0
    if not Survey.objects.filter(unit=unit, title=CLOSED_TITLE).exists():
        survey = Survey(
            unit=unit,
            title=CLOSED_TITLE,
            introduction="为了解全县中小学课后服务开展情况，改进服务质量，特开展本次调查。"
            "调查不收集个人信息，结果仅用于改进工作。",
            opens_at=morning - dt.timedelta(days=40),
            closes_at=evening - dt.timedelta(days=10),
            results_shown=ResultsShown.AFTER_CLOSE,
        )
        survey.questions = _questions(CLOSED_QUESTIONS)
        survey = _publish(survey)
        _respond(survey, 86, CLOSED_WEIGHTS, SUGGESTIONS, 8, rng)
        made += 1
    if not Survey.objects.filter(unit=unit, title=OPEN_TITLE).exists():
        survey = Survey(
            unit=unit,
            title=OPEN_TITLE,
            introduction="县教育局拟优化农村学校校车线路，现就接送需求征求家长意见。"
            "调查结果实时公布。",
            opens_at=morning - dt.timedelta(days=3),
            closes_at=evening + dt.timedelta(days=27),
            results_shown=ResultsShown.LIVE,
        )
        survey.questions = _questions(OPEN_QUESTIONS)
        survey = _publish(survey)
        _respond(survey, 12, [[5, 3, 1], [2, 4, 3, 1], [6, 3, 2, 3]], [], 5, rng)
        made += 1
    return made
