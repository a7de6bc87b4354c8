"""The back office over HTTP: draft, preview, review, publication, the question lock, results
and exports, and the boundaries between units (another unit's staff get 404 or 403)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.interaction.surveys import services
from gongkai.interaction.surveys.backoffice import LOCKED_MESSAGE
from gongkai.interaction.surveys.models import Survey
from gongkai.publishing.roles import Role
from tests.interaction.review import act, current_task
from tests.interaction.surveys.conftest import make_survey, qids

pytestmark = pytest.mark.django_db

NS = "wagtailsnippets_surveys_survey"
TITLE = "永昌县农村学校校车服务需求调查"


def survey_form(unit, *, action="action-submit", survey=None, **overrides) -> dict:
    data = {
        "title": TITLE,
        "unit": unit.pk,
        "introduction": "县教育局拟优化校车线路。",
        "opens_at": "2026-03-01 08:00",
        "closes_at": "2026-03-31 18:00",
        "results_shown": "live",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-text": "孩子就读的学段",
        "questions-0-kind": "single",
        "questions-0-options": "小学\n初中",
        "questions-0-required": "on",
        "questions-0-max_choices": "",
        "questions-0-max_length": "500",
        "questions-0-ORDER": "1",
        "questions-1-text": "建议增设的站点",
        "questions-1-kind": "text",
        "questions-1-options": "",
        "questions-1-max_choices": "",
        "questions-1-max_length": "200",
        "questions-1-ORDER": "2",
        action: action,
    }
    if survey is not None:  # an edit: the existing questions with their ids
        questions = list(survey.questions.all())
        data["questions-TOTAL_FORMS"] = data["questions-INITIAL_FORMS"] = str(len(questions))
        for i, q in enumerate(questions):
            data.update(
                {
                    f"questions-{i}-id": str(q.pk),
                    f"questions-{i}-text": q.text,
                    f"questions-{i}-kind": q.kind,
                    f"questions-{i}-options": q.options,
                    f"questions-{i}-max_choices": q.max_choices or "",
                    f"questions-{i}-max_length": str(q.max_length),
                    f"questions-{i}-ORDER": str(i + 1),
                    f"questions-{i}-DELETE": "",
                }
            )
            if q.required:
                data[f"questions-{i}-required"] = "on"
            else:
                data.pop(f"questions-{i}-required", None)
        data.update(title=survey.title)
    data.update(overrides)
    return data


@pytest.fixture
def submitted(staff, login, edu):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse(f"{NS}:add"), survey_form(edu))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Survey.objects.get(title=TITLE)


def test_a_saved_draft_has_its_questions_and_is_not_public(staff, login, edu, client):
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse(f"{NS}:add"), survey_form(edu, action="action-draft"))
    assert response.status_code == 302
    survey = Survey.objects.get(title=TITLE)
    assert not survey.live and not survey.workflow_in_progress
    assert [q.text for q in survey.questions.all()] == ["孩子就读的学段", "建议增设的站点"]
    assert client.get(survey.get_absolute_url()).status_code == 404


def test_the_preview_shows_the_form_as_the_public_will_see_it(staff, login, edu):
    officer = login(staff[Role.OFFICER])
    url = reverse(f"{NS}:preview_on_add")
    assert officer.post(url, survey_form(edu)).json()["is_valid"]
    page = officer.get(url).content.decode()
    assert "预览：本调查尚未发布" in page and "孩子就读的学段" in page and "<legend>" in page


def test_a_choice_question_needs_two_options(staff, login, edu):
    officer = login(staff[Role.OFFICER])
    response = officer.post(
        reverse(f"{NS}:add"), survey_form(edu, **{"questions-0-options": "小学"})
    )
    assert response.status_code == 200
    assert "至少要有两个选项" in response.content.decode()
    assert not Survey.objects.exists()


def test_submission_starts_the_review_and_stays_hidden(submitted, client):
    assert submitted.workflow_in_progress and not submitted.live
    assert current_task(submitted) == "网上调查·责任编辑审核"
    assert client.get(submitted.get_absolute_url()).status_code == 404


def test_two_levels_of_review_publish_it(submitted, staff, login, client):
    assert act(login(staff[Role.EDITOR]), submitted, "approve").status_code == 302
    assert current_task(submitted) == "网上调查·负责人签发" and not submitted.live
    assert act(login(staff[Role.HEAD]), submitted, "approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.live and current_task(submitted) is None
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "孩子就读的学段" in page


def test_a_reviewer_must_say_why_when_returning_it(submitted, staff, login):
    editor = login(staff[Role.EDITOR])
    act(editor, submitted, "reject", comment="")
    assert current_task(submitted) == "网上调查·责任编辑审核"


def test_the_officer_cannot_publish_around_the_review(staff, login, edu):
    officer = login(staff[Role.OFFICER])
    officer.post(reverse(f"{NS}:add"), survey_form(edu, action="action-publish"))
    assert not Survey.objects.filter(live=True).exists()


def test_another_units_editor_cannot_review(submitted, login, make_staff, police):
    other = make_staff("police_editor", Role.EDITOR, police)
    act(login(other), submitted, "approve")
    assert current_task(submitted) == "网上调查·责任编辑审核"


def test_another_units_staff_cannot_see_or_edit_or_export(submitted, staff):
    police = Client()
    police.force_login(staff["police_officer"])
    assert TITLE not in police.get(reverse(f"{NS}:list")).content.decode()
    assert police.get(reverse(f"{NS}:edit", args=[submitted.pk])).status_code == 404
    response = police.post(
        reverse(f"{NS}:edit", args=[submitted.pk]), survey_form(submitted.unit, title="改")
    )
    assert response.status_code == 404
    for name in ("results", "export-csv", "export-xlsx"):
        url = reverse(f"surveys_admin:{name}", args=[submitted.pk])
        assert police.get(url).status_code == 404
    submitted.refresh_from_db()
    assert submitted.title == TITLE


def test_the_unit_cannot_be_another_units(staff, login, police):
    officer = login(staff[Role.OFFICER])
    response = officer.post(reverse(f"{NS}:add"), survey_form(police))
    assert response.status_code == 200 and not Survey.objects.exists()


def test_the_public_and_users_without_the_role_get_no_export(client, edu, make_staff):
    survey = make_survey(edu)
    url = reverse("surveys_admin:export-xlsx", args=[survey.pk])
    assert client.get(url).status_code == 302  # to the login page
    nobody = Client()
    from django.contrib.auth import get_user_model

    nobody.force_login(get_user_model().objects.create_user("clerk", is_staff=True))
    assert nobody.get(url).status_code in (302, 403)


def _answer(survey, text=""):
    a, b, c = qids(survey)
    services.submit_response(survey, {a: "学生家长", b: ["作业辅导"], c: text})


def test_staff_results_show_free_text_and_the_exports_read_back(staff, login, edu):
    survey = make_survey(edu)
    _answer(survey, text="希望延长到六点")
    officer = login(staff[Role.OFFICER])
    page = officer.get(reverse("surveys_admin:results", args=[survey.pk])).content.decode()
    assert "希望延长到六点" in page and "<svg" in page
    body = officer.get(reverse("surveys_admin:export-csv", args=[survey.pk]))
    assert body["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows[1][2:] == ["学生家长", "作业辅导", "希望延长到六点"]
    xlsx = officer.get(reverse("surveys_admin:export-xlsx", args=[survey.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][2:] == ["学生家长", "作业辅导", "希望延长到六点"]


def test_questions_cannot_change_once_answered_and_the_editor_says_so(staff, login, edu):
    survey = make_survey(edu)
    _answer(survey)
    officer = login(staff[Role.OFFICER])
    url = reverse(f"{NS}:edit", args=[survey.pk])
    assert LOCKED_MESSAGE in officer.get(url).content.decode()
    changed = survey_form(edu, survey=survey, action="action-draft", **{"questions-0-text": "改题"})
    response = officer.post(url, changed)
    assert response.status_code == 200 and LOCKED_MESSAGE in response.content.decode()
    deleted = survey_form(edu, survey=survey, action="action-draft", **{"questions-2-DELETE": "1"})
    assert LOCKED_MESSAGE in officer.post(url, deleted).content.decode()
    assert [q.text for q in Survey.objects.get(pk=survey.pk).questions.all()][0] == "您的身份"


def test_the_title_of_an_answered_survey_can_still_change(staff, login, edu):
    survey = make_survey(edu)
    _answer(survey)
    officer = login(staff[Role.OFFICER])
    data = survey_form(edu, survey=survey, action="action-draft", title="新标题")
    response = officer.post(reverse(f"{NS}:edit", args=[survey.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    survey.refresh_from_db()
    assert survey.get_latest_revision().as_object().title == "新标题"


def test_a_draft_changing_the_questions_cannot_be_approved_once_answered(staff, login, edu, client):
    survey = make_survey(edu)
    changed = survey_form(edu, survey=survey, **{"questions-0-text": "改过的题目"})
    officer = login(staff[Role.OFFICER])
    assert officer.post(reverse(f"{NS}:edit", args=[survey.pk]), changed).status_code == 302
    _answer(survey)  # the first answer arrives while the change is in review
    act(login(staff[Role.EDITOR]), survey, "approve")  # refused: Wagtail answers 403 or back
    assert current_task(survey) == "网上调查·责任编辑审核"
    assert Survey.objects.get(pk=survey.pk).questions.first().text == "您的身份"
