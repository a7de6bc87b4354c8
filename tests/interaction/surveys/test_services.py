"""The rules of 网上调查 called directly: phases, validation, storing, counting, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from gongkai.interaction.surveys import services
from gongkai.interaction.surveys.models import (
    Answer,
    Phase,
    Question,
    QuestionKind,
    Response,
    ResultsShown,
)
from tests.interaction.surveys.conftest import NOW, make_survey, qids

pytestmark = pytest.mark.django_db


def store(survey, single="学生家长", multiple=("作业辅导",), text=""):
    a, b, c = qids(survey)
    return services.submit_response(survey, {a: single, b: list(multiple), c: text})


def test_a_survey_is_upcoming_then_open_then_closed(open_survey):
    assert (
        services.phase(open_survey, open_survey.opens_at - dt.timedelta(seconds=1))
        is Phase.UPCOMING
    )
    assert services.phase(open_survey, open_survey.opens_at) is Phase.OPEN
    assert services.phase(open_survey, open_survey.closes_at) is Phase.CLOSED


def test_results_are_shown_live_only_when_the_survey_says_so(edu):
    after = make_survey(edu, results_shown=ResultsShown.AFTER_CLOSE)
    live = make_survey(edu, results_shown=ResultsShown.LIVE, title="实时")
    assert not services.results_visible(after, NOW)
    assert services.results_visible(live, NOW)
    assert services.results_visible(after, after.closes_at)


def test_a_close_before_the_open_is_refused(edu):
    survey = make_survey(edu, live=False)
    survey.closes_at = survey.opens_at
    with pytest.raises(ValidationError, match="截止时间应晚于开始时间"):
        survey.full_clean()


@pytest.mark.parametrize(
    "kind, options, max_choices, max_length, field",
    [
        (QuestionKind.SINGLE, "只有一个", None, 500, "options"),
        (QuestionKind.MULTIPLE, "甲\n甲", None, 500, "options"),
        (QuestionKind.MULTIPLE, "甲\n乙", 3, 500, "max_choices"),
        (QuestionKind.TEXT, "", None, 5000, "max_length"),
    ],
)
def test_a_badly_built_question_is_refused(kind, options, max_choices, max_length, field):
    q = Question(
        text="题", kind=kind, options=options, max_choices=max_choices, max_length=max_length
    )
    with pytest.raises(ValidationError) as error:
        services.validate_question(q)
    assert field in error.value.message_dict


def test_a_required_question_must_be_answered(open_survey):
    questions = list(open_survey.questions.all())
    errors = services.clean_answers(questions, {})
    assert errors[questions[0].pk] == "此题为必答题，请选择一项。"
    assert errors[questions[1].pk] == "此题为必答题，请至少选择一项。"
    assert questions[2].pk not in errors  # optional


def test_more_choices_than_allowed_are_refused(open_survey):
    a, b, c = list(open_survey.questions.all())
    errors = services.clean_answers(
        [a, b, c], {a.pk: "学生", b.pk: ["作业辅导", "体育活动", "艺术活动"]}
    )
    assert errors == {b.pk: "此题最多选择2项，您选了3项。"}


def test_an_option_not_offered_and_a_long_text_are_refused(open_survey):
    a, b, c = list(open_survey.questions.all())
    errors = services.clean_answers([a, b, c], {a.pk: "校长", b.pk: ["作业辅导"], c.pk: "字" * 51})
    assert errors[a.pk] == "所选选项无效，请重新选择。"
    assert errors[c.pk] == "此题最多填写50字，您填写了51字。"


def test_one_response_stores_one_row_per_chosen_option(open_survey):
    response = store(open_survey, multiple=("作业辅导", "体育活动"), text="延长到六点")
    assert response.answers.count() == 4


def test_answering_before_the_open_or_after_the_close_stores_nothing(
    upcoming_survey, closed_survey
):
    with pytest.raises(services.Refused, match="尚未开始"):
        store(upcoming_survey)
    with pytest.raises(services.Refused, match="已结束"):
        store(closed_survey)
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_unpublished_survey_cannot_be_answered(edu):
    with pytest.raises(services.Refused):
        store(make_survey(edu, live=False))


def test_a_failure_half_way_stores_nothing(open_survey, monkeypatch):
    def broken(rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Answer.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        store(open_survey)
    assert not Response.objects.exists()


def test_the_counts_and_percentages_add_up(open_survey):
    store(open_survey, single="学生家长", multiple=("作业辅导", "体育活动"))
    store(open_survey, single="学生家长", multiple=("作业辅导",))
    store(open_survey, single="教师", multiple=("艺术活动",), text="很好")
    store(open_survey, single="学生", multiple=("作业辅导",))
    total, (one, many, free) = services.tally(open_survey, with_texts=True)
    assert total == 4
    assert [(o.option, o.count, o.percent) for o in one.options] == [
        ("学生家长", 2, 50.0),
        ("学生", 1, 25.0),
        ("教师", 1, 25.0),
    ]
    assert [(o.option, o.count, o.percent) for o in many.options] == [
        ("作业辅导", 3, 75.0),
        ("体育活动", 1, 25.0),
        ("艺术活动", 1, 25.0),
    ]
    assert free.answered == 1 and free.texts == ["很好"]


def test_free_texts_are_left_out_unless_asked_for(open_survey):
    store(open_survey, text="很好")
    _, rows = services.tally(open_survey)
    assert rows[2].texts == []


def test_the_questions_lock_once_anyone_has_answered(open_survey):
    assert not services.questions_locked(open_survey)
    store(open_survey)
    assert services.questions_locked(open_survey)


def test_the_csv_opens_in_excel_and_reads_back(open_survey):
    store(open_survey, multiple=("作业辅导", "体育活动"), text="=1+1 建议")
    body = services.export_csv(open_survey)
    assert body.startswith(b"\xef\xbb\xbf")  # the UTF-8 BOM Excel looks for
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "序号",
        "提交时间",
        "1. 您的身份",
        "2. 您希望增加的服务（最多两项）",
        "3. 其他建议",
    ]
    assert rows[1][0] == "1"
    assert rows[1][2:] == ["学生家长", "作业辅导；体育活动", "'=1+1 建议"]  # never a formula


def test_the_xlsx_reads_back_with_openpyxl(open_survey):
    store(open_survey)
    store(open_survey, single="教师", multiple=("艺术活动",), text="谢谢")
    book = load_workbook(io.BytesIO(services.export_xlsx(open_survey)))
    sheet = book["答卷"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "提交时间", "1. 您的身份")
    assert rows[1][0] == 1 and rows[1][2:] == ("学生家长", "作业辅导", None)
    assert rows[2][2:] == ("教师", "艺术活动", "谢谢")
    assert len(rows) == 3
