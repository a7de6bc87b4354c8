"""Public pages of 留言: the list of answered messages, one message, the form, the receipt,
the e-mail code, the look-up by 查询码 and the statistics per unit.

A message is public only when answered through review, the citizen agreed and staff did not
withhold it (MessageQuerySet.public); its text, subject and reply are masked (interaction.privacy).
What the citizen wrote is shown unmasked to nobody but its writer (receipt, look-up) and the
unit's staff; those pages are ``no-store`` and tied to the session or to code plus verifier.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.interaction.messages import abuse, services
from gongkai.interaction.messages.forms import CodeForm, LookupForm, MessageForm
from gongkai.interaction.messages.models import Message, MessageKind, MessageState
from gongkai.orgs.models import Unit
from gongkai.requests import guard, tracking
from gongkai.requests.public_forms import mask_name
from gongkai.requests.public_views import spelled

logger = logging.getLogger(__name__)

SENT = "message_sent"  # session key: {"id": pk, "at": epoch seconds} of the message just sent
SENT_SECONDS = 24 * 3600
PAGE_SIZE = 20


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _retry(limit: guard.Limit) -> dict:
    at = timezone.localtime() + timedelta(seconds=limit.retry_after)
    return {"minutes": limit.retry_minutes, "at": at.strftime("%H:%M")}


# -- the public list --------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    messages = (
        Message.objects.public().select_related("unit", "reply").order_by("-closed_on", "-pk")
    )
    unit = None
    if code := request.GET.get("unit", "")[:20]:
        unit = Unit.objects.active().filter(code=code).first()
        if unit is not None:
            messages = messages.filter(unit=unit)
    kind = request.GET.get("kind", "")
    if kind in MessageKind.values:
        messages = messages.filter(kind=kind)
    # Words are searched by the site search (kind=message), over the masked text only: a
    # filter on the stored text would tell who typed a name or phone number which message has it.
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    cal = services.calendar()
    return render(
        request,
        "messages/index.html",
        {
            "page": page,
            "items": [services.shown(m, cal=cal) for m in page.object_list],
            "unit": unit,
            "kind": kind,
            "kinds": MessageKind.choices,
            # the filters kept by the pager links, each followed by "&"
            "query": "".join(
                f"{urlencode({k: v})}&"
                for k, v in (("unit", unit and unit.code), ("kind", kind))
                if v
            ),
        },
    )


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.public().select_related("unit", "reply"), pk=pk)
    return render(request, "messages/detail.html", {"m": services.shown(message)})


# -- the form ---------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    unit = None
    if code := request.GET.get("unit", "")[:20]:
        unit = Unit.objects.active().filter(code=code).first()
    if request.method != "POST":
        return _form_page(request, MessageForm(unit=unit))
    form = MessageForm(request.POST)
    attempts = guard.hit(request, abuse.RATE_FORM)
    if attempts.limited:
        form.is_valid()
        return _too_many(request, form, attempts)
    if guard.honeypot_filled(request):
        form.is_valid()
        return _form_page(request, form, notice=abuse.HONEYPOT_MESSAGE)
    token = guard.check_token(request.POST.get(guard.TOKEN_FIELD))
    if token is not guard.Token.OK:
        form.is_valid()
        return _form_page(request, form, notice=abuse.TOKEN_MESSAGES[token])
    if not form.is_valid():
        return _form_page(request, form)
    sent = guard.hit(request, abuse.RATE_SEND)
    if sent.limited:
        return _too_many(request, form, sent)
    try:
        message = services.submit(**form.message_fields())
    except ValidationError as error:
        form.add_error(
            None, error.messages[0] if error.messages else "提交未成功，请核对后再提交。"
        )
        return _form_page(request, form)
    request.session[SENT] = {"id": message.pk, "at": int(time.time())}
    request.session.cycle_key()  # a session id planted beforehand cannot read the receipt
    if message.state == MessageState.UNVERIFIED:
        services.send_code(message)
        return redirect("messages:verify")
    return redirect("messages:sent")


def _form_page(request, form: MessageForm, *, notice: str = "", status: int = 200, retry=None):
    context = {
        "form": form,
        "notice": notice,
        "retry": retry,
        "token": guard.issue_token(),
        "token_field": guard.TOKEN_FIELD,
        "honeypot_field": guard.HONEYPOT_FIELD,
        "verification": services.verification_required(),
        "days": {k.label: services.reply_days(k) for k in MessageKind},
    }
    return _private(render(request, "messages/new.html", context, status=status))


def _too_many(request, form, limit: guard.Limit) -> HttpResponse:
    response = _form_page(request, form, status=429, retry=_retry(limit))
    response["Retry-After"] = str(max(1, limit.retry_after))
    return response


# -- receipt and e-mail code ------------------------------------------------------------------


def _sent_message(request: HttpRequest) -> Message | None:
    entry = request.session.get(SENT)
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), int):
        return None
    if not isinstance(entry.get("at"), int) or time.time() - entry["at"] > SENT_SECONDS:
        return None
    return Message.objects.select_related("unit").filter(pk=entry["id"]).first()


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    message = _sent_message(request)
    if message is None or message.state == MessageState.UNVERIFIED:
        if message is not None:
            return redirect("messages:verify")
        return _private(render(request, "messages/no_receipt.html", status=404))
    context = {
        "m": message,
        "code": tracking.display(message.code),
        "spelled": spelled(message.code),
        "masked_name": mask_name(message.name),
        "status": services.status(message),
    }
    return _private(render(request, "messages/sent.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    message = _sent_message(request)
    if message is None:
        return _private(render(request, "messages/no_receipt.html", status=404))
    if message.state != MessageState.UNVERIFIED:
        return redirect("messages:sent")
    form = CodeForm(request.POST or None)
    notice = ""
    status = 200
    if request.method == "POST":
        limit = guard.hit(request, abuse.RATE_VERIFY)
        if limit.limited:
            notice = f"操作次数过多，请在约 {limit.retry_minutes} 分钟后再试。"
            status = 429
        elif request.POST.get("resend"):
            services.send_code(message)
            notice = f"新的验证码已发送到 {_masked_email(message.email)}。"
            form = CodeForm()
        elif form.is_valid():
            problem = services.verify(message, form.cleaned_data["code"])
            if not problem:
                return redirect("messages:sent")
            form.add_error("code", problem)
    context = {
        "form": form,
        "notice": notice,
        "email": _masked_email(message.email),
        "minutes": services.VERIFY_MINUTES,
    }
    return _private(render(request, "messages/verify.html", context, status=status))


def _masked_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "您的邮箱"


# -- look-up ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _private(render(request, "messages/status.html", {"form": LookupForm()}))
    form = LookupForm(request.POST)
    limit = guard.hit(request, abuse.RATE_STATUS)
    if limit.limited:
        response = render(
            request, "messages/status.html", {"form": form, "retry": _retry(limit)}, status=429
        )
        response["Retry-After"] = str(max(1, limit.retry_after))
        return _private(response)
    if not form.is_valid():
        return _private(render(request, "messages/status.html", {"form": form}))
    found = services.find(form.cleaned_data["code"], form.cleaned_data["verifier"])
    if found.message is None:
        return _private(
            render(request, "messages/status.html", {"form": form, "notice": found.message_zh})
        )
    m = found.message
    reply = getattr(m, "reply", None)
    context = {
        "form": LookupForm(),
        "m": m,
        "code": tracking.display(m.code),
        "status": services.status(m),
        "reply": reply if reply is not None and reply.live else None,
        "in_review": services.reply_in_review(m),
        "listed": Message.objects.public().filter(pk=m.pk).exists(),
    }
    return _private(render(request, "messages/status.html", context))


# -- statistics -------------------------------------------------------------------------------


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year:
        year = this_year
    rows = services.statistics(year)
    totals = services.UnitStats(unit=None)  # type: ignore[arg-type]
    for r in rows:
        totals.received += r.received
        totals.answered += r.answered
        totals.on_time += r.on_time
        totals.open += r.open
        totals.overdue += r.overdue
        totals._days += r._days
    return render(
        request,
        "messages/statistics.html",
        {
            "year": year,
            "years": list(range(this_year, max(2000, this_year - 9) - 1, -1)),
            "rows": rows,
            "totals": totals,
            "days": {k.label: services.reply_days(k) for k in MessageKind},
        },
    )
