"""The rules of 网上调查: when a survey is open, what a valid response is, storing it in one
transaction, counting the results, and the staff exports (CSV for Excel, XLSX)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.interaction.surveys.models import (
    MAX_OPTIONS,
    MAX_TEXT_LENGTH,
    Answer,
    Phase,
    Question,
    QuestionKind,
    Response,
    ResultsShown,
    Survey,
)
from gongkai.spreadsheets import safe_row


def now() -> datetime:
    """The clock of the public pages; tests replace it so no test depends on today."""
    return timezone.now()


# -- the survey as staff build it -------------------------------------------------------------


def validate_survey(survey: Survey) -> None:
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": "截止时间应晚于开始时间。"})


def validate_question(question: Question) -> None:
    options = question.option_list
    errors: dict[str, str] = {}
    if question.is_choice:
        if len(options) < 2:
            errors["options"] = "单选题、多选题至少要有两个选项（每行一个）。"
        elif len(options) > MAX_OPTIONS:
            errors["options"] = f"选项不能超过{MAX_OPTIONS}个。"
        elif len(set(options)) != len(options):
            errors["options"] = "选项不能重复。"
        elif any(len(o) > 300 for o in options):
            errors["options"] = "每个选项不超过300字。"
    if question.kind == QuestionKind.MULTIPLE and question.max_choices is not None:
        if question.max_choices < 1 or (options and question.max_choices > len(options)):
            errors["max_choices"] = "最多选几项应在1到选项个数之间。"
    if question.kind == QuestionKind.TEXT and not (1 <= question.max_length <= MAX_TEXT_LENGTH):
        errors["max_length"] = f"字数上限应在1到{MAX_TEXT_LENGTH}之间。"
    if errors:
        raise ValidationError(errors)


def questions_locked(survey: Survey) -> bool:
    """A survey's questions cannot change once anyone has answered: the answers would no
    longer match what was asked."""
    return bool(survey.pk) and Response.objects.filter(survey_id=survey.pk).exists()


def _shape(questions) -> list[tuple]:
    return [
        (q.pk, q.text, q.kind, q.options, q.required, q.max_choices, q.max_length)
        for q in sorted(questions, key=lambda q: (q.sort_order or 0, q.pk or 0))
    ]


def revision_changes_locked_questions(survey: Survey, candidate: Survey) -> bool:
    """Whether publishing ``candidate`` (a revision's object) would change the questions of a
    survey that has responses: a draft saved before the first answer and approved after it."""
    if not questions_locked(survey):
        return False
    return _shape(candidate.questions.all()) != _shape(Question.objects.filter(survey=survey))


# -- phases -----------------------------------------------------------------------------------


def phase(survey: Survey, at: datetime | None = None) -> Phase:
    at = at or now()
    if at < survey.opens_at:
        return Phase.UPCOMING
    if at >= survey.closes_at:
        return Phase.CLOSED
    return Phase.OPEN


def refusal(survey: Survey, at: datetime | None = None) -> str:
    """Why the survey cannot be answered now, in words for the citizen; '' when it can."""
    p = phase(survey, at)
    if p is Phase.UPCOMING:
        opens = timezone.localtime(survey.opens_at).strftime("%Y年%m月%d日 %H:%M")
        return f"本调查尚未开始，将于{opens}开始，届时欢迎参与。"
    if p is Phase.CLOSED:
        return "本调查已结束，不再接受答卷。感谢您的关注。"
    return ""


def results_visible(survey: Survey, at: datetime | None = None) -> bool:
    return survey.results_shown == ResultsShown.LIVE or phase(survey, at) is Phase.CLOSED


def listing(kind: str, at: datetime | None = None):
    at = at or now()
    surveys = Survey.objects.public().select_related("unit")
    if kind == "upcoming":
        return surveys.filter(opens_at__gt=at).order_by("opens_at", "pk")
    if kind == "closed":
        return surveys.filter(closes_at__lte=at).order_by("-closes_at", "-pk")
    return surveys.filter(opens_at__lte=at, closes_at__gt=at).order_by("closes_at", "pk")


# -- answering --------------------------------------------------------------------------------


class Refused(Exception):
    """The survey is not open: nothing was stored."""


def clean_answers(questions: list[Question], data: dict[int, object]) -> dict[int, str]:
    """Check one response against the questions; return field errors by question id.

    ``data`` maps a question id to a str (single choice, free text) or a list of str."""
    errors: dict[int, str] = {}
    for q in questions:
        value = data.get(q.pk)
        if q.kind == QuestionKind.MULTIPLE:
            chosen = list(value or [])
            if q.required and not chosen:
                errors[q.pk] = "此题为必答题，请至少选择一项。"
            elif any(c not in q.option_list for c in chosen) or len(set(chosen)) != len(chosen):
                errors[q.pk] = "所选选项无效，请重新选择。"
            elif q.max_choices and len(chosen) > q.max_choices:
                errors[q.pk] = f"此题最多选择{q.max_choices}项，您选了{len(chosen)}项。"
        elif q.kind == QuestionKind.SINGLE:
            chosen = str(value or "")
            if q.required and not chosen:
                errors[q.pk] = "此题为必答题，请选择一项。"
            elif chosen and chosen not in q.option_list:
                errors[q.pk] = "所选选项无效，请重新选择。"
        else:
            text = str(value or "").strip()
            if q.required and not text:
                errors[q.pk] = "此题为必答题，请填写。"
            elif len(text) > q.max_length:
                errors[q.pk] = f"此题最多填写{q.max_length}字，您填写了{len(text)}字。"
    return errors


def submit_response(
    survey: Survey, data: dict[int, object], *, at: datetime | None = None
) -> Response:
    """Store one response with all its answers, or nothing (one transaction)."""
    with transaction.atomic():
        # Lock the survey row so the open check and the insert see the same survey.
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if not locked.live:
            raise Refused("本调查未发布。")
        reason = refusal(locked, at)
        if reason:
            raise Refused(reason)
        questions = list(locked.questions.all())
        errors = clean_answers(questions, data)
        if errors:
            raise ValidationError({str(k): v for k, v in errors.items()})
        response = Response.objects.create(survey=locked)
        rows = []
        for q in questions:
            value = data.get(q.pk)
            if q.kind == QuestionKind.MULTIPLE:
                rows += [Answer(response=response, question=q, choice=c) for c in value or []]
            elif q.kind == QuestionKind.SINGLE and value:
                rows.append(Answer(response=response, question=q, choice=str(value)))
            elif q.kind == QuestionKind.TEXT and str(value or "").strip():
                rows.append(Answer(response=response, question=q, text=str(value).strip()))
        Answer.objects.bulk_create(rows)
    return response


# -- results ----------------------------------------------------------------------------------


@dataclass
class OptionCount:
    option: str
    count: int
    percent: float  # of the responses that answered this question


@dataclass
class QuestionResult:
    question: Question
    answered: int  # responses that answered this question
    options: list[OptionCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # staff only


def tally(survey: Survey, *, with_texts: bool = False) -> tuple[int, list[QuestionResult]]:
    """The number of responses and, per question, how many answered and chose each option.

    Percentages are of the responses that answered the question (a multiple choice may add
    up to more than 100%)."""
    total = Response.objects.filter(survey=survey).count()
    results = []
    for q in survey.questions.all():
        answers = Answer.objects.filter(question=q, response__survey=survey)
        answered = answers.values("response_id").distinct().count()
        result = QuestionResult(question=q, answered=answered)
        if q.is_choice:
            counts = Counter(answers.values_list("choice", flat=True))
            for option in q.option_list:
                n = counts.get(option, 0)
                pct = round(100 * n / answered, 1) if answered else 0.0
                result.options.append(OptionCount(option, n, pct))
        elif with_texts:
            result.texts = list(answers.order_by("pk").values_list("text", flat=True))
        results.append(result)
    return total, results


# -- exports for staff ------------------------------------------------------------------------


def export_rows(survey: Survey) -> tuple[list[str], list[list[str]]]:
    """One row per response: number, time, then one cell per question (options joined by ；)."""
    questions = list(survey.questions.all())
    header = ["序号", "提交时间"] + [f"{i}. {q.text}" for i, q in enumerate(questions, 1)]
    by_response: dict[int, dict[int, list[str]]] = {}
    for a in Answer.objects.filter(response__survey=survey).order_by("pk"):
        by_response.setdefault(a.response_id, {}).setdefault(a.question_id, []).append(
            a.choice or a.text
        )
    rows = []
    for n, r in enumerate(Response.objects.filter(survey=survey).order_by("submitted_at", "pk"), 1):
        got = by_response.get(r.pk, {})
        when = timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
        rows.append([str(n), when] + ["；".join(got.get(q.pk, [])) for q in questions])
    return header, rows


def export_csv(survey: Survey) -> bytes:
    header, rows = export_rows(survey)
    out = io.StringIO()
    writer = csv.writer(out)
    # The questions are staff's text and the answers anyone's: neither may run as a formula.
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    # The BOM makes Excel on Windows read the file as UTF-8 rather than GBK.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = export_rows(survey)
    book = Workbook()
    sheet = book.active
    sheet.title = "答卷"
    sheet.append(safe_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([int(row[0]), row[1]] + safe_row(row[2:]))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
