"""Public pages of 意见征集: the list, a consultation with its comment form, its attachments.

Only published (live) consultations are reachable; a comment appears only once approved and
marked public, masked; contacts never appear anywhere public.
"""

from __future__ import annotations

import mimetypes
from datetime import timedelta
from urllib.parse import quote

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.interaction.consultations import abuse, services
from gongkai.interaction.consultations.forms import CommentForm
from gongkai.interaction.consultations.models import (
    Consultation,
    ConsultationAttachment,
    FeedbackSummary,
)
from gongkai.requests import guard

TABS = [("open", "征集中"), ("ended", "已结束"), ("answered", "已反馈")]
THANKS = "consultation_thanks"  # session key: the consultation a comment was just sent to


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("tab", "open")
    if kind not in dict(TABS):
        kind = "open"
    on = services.today()
    items = [
        (c, services.phase(c, on), services.days_left(c, on))
        for c in services.listing(kind, on)[:200]
    ]
    return render(
        request,
        "consultations/index.html",
        {"tabs": TABS, "tab": kind, "items": items},
    )


def _public(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.public().select_related("unit"), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    if request.method != "POST":
        thanked = request.session.pop(THANKS, None) == consultation.pk
        return _page(request, consultation, CommentForm(), thanked=thanked)
    form = CommentForm(request.POST)
    attempts = guard.hit(request, abuse.RATE_FORM)
    if attempts.limited:
        form.is_valid()
        return _too_many(request, consultation, form, attempts)
    if guard.honeypot_filled(request):
        form.is_valid()
        return _page(request, consultation, form, notice=abuse.HONEYPOT_MESSAGE)
    token = guard.check_token(request.POST.get(guard.TOKEN_FIELD))
    if token is not guard.Token.OK:
        form.is_valid()
        return _page(request, consultation, form, notice=abuse.TOKEN_MESSAGES[token])
    closed = services.refusal(consultation, services.today())
    if closed:
        form.is_valid()
        return _page(request, consultation, form, notice=closed, status=409)
    if not form.is_valid():
        return _page(request, consultation, form)
    stored = guard.hit(request, abuse.RATE_COMMENT)
    if stored.limited:
        return _too_many(request, consultation, form, stored)
    try:
        with transaction.atomic():
            services.submit_comment(consultation, form.comment_input(), on=services.today())
    except services.Closed as error:
        return _page(request, consultation, form, notice=str(error), status=409)
    request.session[THANKS] = consultation.pk
    return redirect(consultation.get_absolute_url() + "#comment-form")


def _page(
    request: HttpRequest,
    consultation: Consultation,
    form: CommentForm,
    *,
    notice: str = "",
    status: int = 200,
    retry: dict | None = None,
    thanked: bool = False,
) -> HttpResponse:
    on = services.today()
    # The live row of a summary is what was approved; a draft under review stays out of sight.
    feedback = FeedbackSummary.objects.filter(consultation=consultation, live=True).first()
    context = {
        "consultation": consultation,
        "phase": services.phase(consultation, on),
        "days_left": services.days_left(consultation, on),
        "closed": services.refusal(consultation, on),
        "comments": services.shown_comments(consultation),
        "feedback": feedback,
        "final_document": _final_document(consultation),
        "attachments": list(consultation.attachments.select_related("file")),
        "form": form,
        "notice": notice,
        "retry": retry,
        "thanked": thanked,
        "token": guard.issue_token(),
        "token_field": guard.TOKEN_FIELD,
        "honeypot_field": guard.HONEYPOT_FIELD,
    }
    response = render(request, "consultations/detail.html", context, status=status)
    # The page carries a form token and CSRF token, and after a post what the citizen typed:
    # no shared cache may keep it.
    add_never_cache_headers(response)
    return response


def _final_document(consultation: Consultation):
    doc = consultation.final_document
    if doc is None:
        return None
    from gongkai.catalog.models import Document

    return Document.objects.published().filter(pk=doc.pk).first()


def _too_many(request, consultation, form, limit: guard.Limit) -> HttpResponse:
    at = timezone.localtime() + timedelta(seconds=limit.retry_after)
    retry = {"minutes": limit.retry_minutes, "at": at.strftime("%H:%M")}
    response = _page(request, consultation, form, status=429, retry=retry)
    response["Retry-After"] = str(max(1, limit.retry_after))
    return response


@require_safe
def attachment(request: HttpRequest, pk: int, item: int, filename: str) -> FileResponse:
    consultation = _public(pk)
    att = get_object_or_404(
        ConsultationAttachment.objects.select_related("file"), consultation=consultation, pk=item
    )
    if att.filename != filename:
        raise Http404("附件不存在")
    content_type = mimetypes.guess_type(att.filename)[0] or "application/octet-stream"
    response = FileResponse(att.file.file.open("rb"), content_type=content_type)
    inline = content_type in {"application/pdf", "image/png", "image/jpeg", "text/plain"}
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(att.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
