"""Public pages of 网上调查: the list, a survey with its form, its results.

Only published (live) surveys are reachable; a draft or a survey in review is a 404 at every
address. Free-text answers never appear publicly, and no response asks for personal data.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.interaction.surveys import abuse, chart, services
from gongkai.interaction.surveys.models import QuestionKind, Survey
from gongkai.requests import guard

TABS = [("open", "进行中"), ("upcoming", "未开始"), ("closed", "已结束")]
THANKS = "survey_thanks"  # session key: the survey just answered


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("tab", "open")
    if kind not in dict(TABS):
        kind = "open"
    at = services.now()
    items = [(s, services.phase(s, at)) for s in services.listing(kind, at)[:200]]
    return render(request, "surveys/index.html", {"tabs": TABS, "tab": kind, "items": items})


def _public(pk: int) -> Survey:
    return get_object_or_404(Survey.objects.public().select_related("unit"), pk=pk)


def _posted(request: HttpRequest, questions) -> dict[int, object]:
    """What the citizen sent, by question id; cut to sane sizes before any rule looks at it."""
    data: dict[int, object] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == QuestionKind.MULTIPLE:
            data[q.pk] = [v[:300] for v in request.POST.getlist(name)[:100]]
        elif q.kind == QuestionKind.SINGLE:
            data[q.pk] = request.POST.get(name, "")[:300]
        else:
            # Kept whole up to a margin so the length message can say how long it was.
            data[q.pk] = request.POST.get(name, "")[: q.max_length + 1000]
    return data


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _public(pk)
    if request.method != "POST":
        thanked = request.session.pop(THANKS, None) == survey.pk
        return _page(request, survey, thanked=thanked)
    questions = list(survey.questions.all())
    data = _posted(request, questions)
    attempts = guard.hit(request, abuse.RATE_FORM)
    if attempts.limited:
        return _too_many(request, survey, data, attempts)
    if guard.honeypot_filled(request):
        return _page(request, survey, data=data, notice=abuse.HONEYPOT_MESSAGE)
    token = guard.check_token(request.POST.get(guard.TOKEN_FIELD))
    if token is not guard.Token.OK:
        return _page(request, survey, data=data, notice=abuse.TOKEN_MESSAGES[token])
    closed = services.refusal(survey)
    if closed:
        return _page(request, survey, data=data, notice=closed, status=409)
    if abuse.already_answered(request, survey.pk):
        return _page(request, survey, notice=abuse.ALREADY_MESSAGE, status=409)
    errors = services.clean_answers(questions, data)
    if errors:
        return _page(request, survey, data=data, errors=errors)
    stored = guard.hit(request, abuse.RATE_RESPONSE, group=f"{abuse.RATE_RESPONSE}:{survey.pk}")
    if stored.limited:
        return _too_many(request, survey, data, stored)
    try:
        services.submit_response(survey, data)
    except services.Refused as error:
        return _page(request, survey, data=data, notice=str(error), status=409)
    except ValidationError:  # the questions changed between the check and the store
        return _page(request, survey, data=data, notice="提交未成功，请核对后重新提交。")
    request.session[THANKS] = survey.pk
    response = redirect(survey.get_absolute_url())
    abuse.mark_answered(response, survey.pk)
    return response


def _questions(survey: Survey, data: dict, errors: dict) -> list[dict]:
    """Each question with what was typed or chosen, and its error, for the template."""
    shown = []
    for n, q in enumerate(survey.questions.all(), 1):
        value = data.get(q.pk)
        chosen = set(value) if isinstance(value, list) else {value} if value else set()
        shown.append(
            {
                "n": n,
                "q": q,
                "name": f"q{q.pk}",
                "id": f"q{q.pk}",
                "text": value if isinstance(value, str) else "",
                "options": [(i, o, o in chosen) for i, o in enumerate(q.option_list)],
                "error": errors.get(q.pk, ""),
            }
        )
    return shown


def _context(request, survey: Survey, *, data=None, errors=None, notice="", **extra) -> dict:
    questions = _questions(survey, data or {}, errors or {})
    return {
        "survey": survey,
        "phase": services.phase(survey),
        "closed": services.refusal(survey),
        "results_visible": services.results_visible(survey),
        "answered": abuse.already_answered(request, survey.pk) if survey.pk else False,
        "questions": questions,
        "error_links": [
            (f"#{q['id']}", f"第{q['n']}题：{q['error']}") for q in questions if q["error"]
        ],
        "notice": notice,
        "token": guard.issue_token(),
        "token_field": guard.TOKEN_FIELD,
        "honeypot_field": guard.HONEYPOT_FIELD,
        **extra,
    }


def preview_context(request, survey: Survey) -> dict:
    """The back office preview: the public page of an unsaved or unpublished survey."""
    return {**_context(request, survey), "preview": True, "closed": "", "answered": False}


def _page(request, survey, *, status: int = 200, **kwargs) -> HttpResponse:
    response = render(
        request, "surveys/detail.html", _context(request, survey, **kwargs), status=status
    )
    # The page carries form and CSRF tokens and, after a post, what the citizen typed.
    add_never_cache_headers(response)
    return response


def _too_many(request, survey, data, limit: guard.Limit) -> HttpResponse:
    at = timezone.localtime() + timedelta(seconds=limit.retry_after)
    retry = {"minutes": limit.retry_minutes, "at": at.strftime("%H:%M")}
    response = _page(request, survey, data=data, status=429, retry=retry)
    response["Retry-After"] = str(max(1, limit.retry_after))
    return response


@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _public(pk)
    if not services.results_visible(survey):
        closes = timezone.localtime(survey.closes_at).strftime("%Y年%m月%d日 %H:%M")
        return render(
            request,
            "surveys/results.html",
            {"survey": survey, "hidden": f"本调查的结果将在调查结束（{closes}）后公布。"},
        )
    return render(request, "surveys/results.html", results_context(survey, staff=False))


def results_context(survey: Survey, *, staff: bool) -> dict:
    total, rows = services.tally(survey, with_texts=staff)
    charts = []
    for r in rows:
        charts.append(
            {
                "r": r,
                "svg": chart.question_svg(r) if r.question.is_choice else "",
                "alt": chart.question_text(r) if r.question.is_choice else "",
            }
        )
    return {
        "survey": survey,
        "total": total,
        "charts": charts,
        "staff": staff,
        "phase": services.phase(survey),
    }
