"""The applicant's pages of 依申请公开: the request form, the receipt, the status look-up, the
paper form, and the how-to shown in each unit's 依申请公开 column.

Applicant data never appears at an address anyone else can open: the receipt is tied to the
browser session that filed the request (the case ids are kept in the session, never in a URL),
the status page answers a POST with the code and a verifier, and every response that shows
applicant data is ``Cache-Control: no-store``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import date, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.catalog import columns as standard
from gongkai.orgs.models import Unit
from gongkai.portal import queries
from gongkai.requests import guard, letter_texts, lettering, letters, services, tracking
from gongkai.requests.models import RequestCase
from gongkai.requests.public_forms import (
    ACCEPTING_KINDS,
    ORGANISATION_TYPES,
    RequestForm,
    StatusForm,
    mask_name,
)
from gongkai.requests.taxonomy import OUTCOME_GROUPS, Channel, EventKind

logger = logging.getLogger(__name__)

CHINA = ZoneInfo("Asia/Shanghai")
RECEIPTS = "foi_receipts"  # session key: [{"id": case pk, "at": epoch seconds}, newest first]
RECEIPT_SECONDS = 24 * 3600  # a receipt stays on this browser for a day, then only the PDF
RECEIPTS_KEPT = 5


def today_in_china() -> date:
    """Art. 31: an online request is received the day it is submitted, working day or not."""
    return timezone.localdate(timezone=CHINA)


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _accepting_unit(code: str) -> Unit:
    unit = queries.get_unit(code)
    if unit.kind not in ACCEPTING_KINDS:
        raise Http404("该机构不受理政府信息公开申请")
    return unit


def _contact(unit: Unit | None) -> dict:
    """Where to phone or go instead: the unit's office, or the platform's sponsor."""
    site = settings.GONGKAI_SITE
    if unit is not None and (unit.phone or unit.address):
        return {
            "name": unit.disclosure_office or unit.name,
            "phone": unit.phone,
            "address": unit.address,
            "hours": unit.office_hours,
        }
    return {
        "name": site["sponsor"],
        "phone": site["contact_phone"],
        "address": site["address"],
        "hours": "",
    }


# -- the request form -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The platform-wide form: the applicant chooses the unit."""
    return _apply(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def unit_apply(request: HttpRequest, unit: str) -> HttpResponse:
    """The form of one unit, reached from its 依申请公开 column."""
    return _apply(request, _accepting_unit(unit))


def _apply(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, RequestForm(unit=unit), unit)
    form = RequestForm(request.POST, unit=unit)
    attempts = guard.hit(request, "GONGKAI_FOI_RATE_FORM")
    if attempts.limited:
        form.is_valid()
        return _too_many(request, form, unit, attempts)
    if guard.honeypot_filled(request):
        form.is_valid()
        return _form_page(request, form, unit, notice=guard.HONEYPOT_MESSAGE)
    token = guard.check_token(request.POST.get(guard.TOKEN_FIELD))
    if token is not guard.Token.OK:
        form.is_valid()
        return _form_page(request, form, unit, notice=guard.TOKEN_MESSAGES[token])
    if not form.is_valid():
        return _form_page(request, form, unit)
    filings = guard.hit(request, "GONGKAI_FOI_RATE_FILE")
    if filings.limited:
        return _too_many(request, form, unit, filings)
    try:
        case = services.file_request(
            unit=unit or form.cleaned_data["unit"],
            channel=Channel.ONLINE,
            received_on=today_in_china(),
            **form.case_fields(),
        )
    except ValidationError:  # the form's limits are within the model's; this is a bug
        logger.exception("an online request passed the form but not the model")
        form.add_error(None, "提交未成功，请稍后再试，或拨打下方电话提交申请。")
        return _form_page(request, form, unit)
    _remember(request, case)
    return redirect("foi:receipt")


def _form_page(
    request: HttpRequest,
    form: RequestForm,
    unit: Unit | None,
    *,
    notice: str = "",
    status: int = 200,
    retry: dict | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "unit": unit,
        "notice": notice,
        "retry": retry,
        "contact": _contact(form.chosen_unit()),
        "token": guard.issue_token(),
        "token_field": guard.TOKEN_FIELD,
        "honeypot_field": guard.HONEYPOT_FIELD,
        "organisation_types": [str(t) for t in ORGANISATION_TYPES],
        "request_column": standard.REQUEST,
        "action": (reverse("foi:unit-apply", args=[unit.code]) if unit else reverse("foi:apply")),
    }
    response = render(request, "requests/public/apply.html", context, status=status)
    return _private(response)


def _retry(limit: guard.Limit) -> dict:
    at = timezone.now().astimezone(CHINA) + timedelta(seconds=limit.retry_after)
    return {"minutes": limit.retry_minutes, "at": at.strftime("%H:%M")}


def _too_many(
    request: HttpRequest, form: RequestForm, unit: Unit | None, limit: guard.Limit
) -> HttpResponse:
    response = _form_page(request, form, unit, status=429, retry=_retry(limit))
    response["Retry-After"] = str(max(1, limit.retry_after))
    return response


# -- the receipt ----------------------------------------------------------------------------


def _remember(request: HttpRequest, case: RequestCase) -> None:
    kept = [e for e in _fresh_entries(request) if e["id"] != case.pk]
    request.session[RECEIPTS] = [{"id": case.pk, "at": int(time.time())}, *kept][:RECEIPTS_KEPT]
    # A new session key after filing: a session id planted beforehand cannot read the receipt.
    request.session.cycle_key()


def _fresh_entries(request: HttpRequest) -> list[dict]:
    now = time.time()
    entries = request.session.get(RECEIPTS, [])
    if not isinstance(entries, list):
        return []
    return [
        e
        for e in entries
        if isinstance(e, dict)
        and isinstance(e.get("id"), int)
        and isinstance(e.get("at"), int)
        and now - e["at"] < RECEIPT_SECONDS
    ]


def _session_cases(request: HttpRequest) -> list[RequestCase]:
    ids = [e["id"] for e in _fresh_entries(request)]
    found = RequestCase.objects.select_related("unit").in_bulk(ids)
    return [found[i] for i in ids if i in found]


def spelled(code: str) -> str:
    """7KQ4M2XRP → "7 K Q 4，M 2 X R，P": how to read it out over the phone."""
    groups = tracking.display(code).split("-")
    return "，".join(" ".join(group) for group in groups)


@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    cases = _session_cases(request)
    if not cases:
        return _private(render(request, "requests/public/no_receipt.html", status=404))
    case = cases[0]
    context = {
        "case": case,
        "code": tracking.display(case.tracking_code),
        "spelled": spelled(case.tracking_code),
        "masked_name": mask_name(case.applicant_name),
        "deadline": services.deadline(case),
        "contact": _contact(case.unit),
        "earlier": [
            {"code": tracking.display(c.tracking_code), "unit": c.unit.name, "on": c.received_on}
            for c in cases[1:]
        ],
    }
    return _private(render(request, "requests/public/receipt.html", context))


def receipt_letter(case: RequestCase):
    """The receipt as a letter: the county's receipt template (or the default text), filled
    from the case. The code also stands in the number line, so it is on the receipt
    whatever the template says."""
    title, body = lettering.template_for("receipt")
    values = lettering.values(case, None)
    # No officer has handled an online request yet: the office is the contact.
    values["联系人"] = case.unit.disclosure_office or case.unit.name
    values["联系电话"] = case.unit.phone or settings.GONGKAI_SITE["contact_phone"]
    return letters.compose(
        title,
        body,
        letter_texts.RECIPIENTS["receipt"],
        values,
        issuer=case.unit.name,
        issued_on=case.received_on,
        number=f"查询码：{tracking.display(case.tracking_code)}",
    )


@require_safe
def receipt_pdf(request: HttpRequest) -> HttpResponse:
    cases = _session_cases(request)
    if not cases:
        return _private(render(request, "requests/public/no_receipt.html", status=404))
    case = cases[0]
    pdf = letters.render_pdf(receipt_letter(case))
    response = HttpResponse(pdf, content_type="application/pdf")
    code = tracking.display(case.tracking_code)
    response["Content-Disposition"] = content_disposition(
        f"政府信息公开申请回执-{code}.pdf", f"receipt-{code}.pdf", inline=True
    )
    return _private(response)


def content_disposition(filename: str, ascii_fallback: str, *, inline: bool = False) -> str:
    """RFC 6266 with RFC 5987 ``filename*``: the Chinese name for browsers that read it
    (all current ones), an ASCII name for the rest."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


# -- the status page ------------------------------------------------------------------------


def public_outcome(outcome: str) -> str:
    """The outcome as the applicant should read it: group, and the reason where there is one.

    The report's wording of 部分公开 carries a counting note (区分处理的，只计这一情形…) that
    means nothing to an applicant, so the group name is used.
    """
    for _number, group, members in OUTCOME_GROUPS:
        if outcome in members:
            short = group.split("（")[0]
            if len(members) == 1:
                return short
            return f"{short}（{members[members.index(outcome)].label}）"
    return ""


def public_timeline(case: RequestCase) -> dict:
    """What the applicant may see of their case: no notes, no staff, no other applicant data."""
    events = [
        {"label": EventKind(kind).label, "on": on}
        for kind, on in case.events.order_by("on", "at", "pk").values_list("kind", "on")
    ]
    due = services.deadline(case)
    return {
        "code": tracking.display(case.tracking_code),
        "unit": case.unit,
        "masked_name": mask_name(case.applicant_name),
        "received_on": case.received_on,
        "deadline": due,
        "state": services.status(case).label,
        "events": events,
        "outcome": public_outcome(case.outcome) if case.outcome else "",
        "answered_on": case.answered_on,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _private(render(request, "requests/public/status.html", {"form": StatusForm()}))
    form = StatusForm(request.POST)
    limit = guard.hit(request, "GONGKAI_FOI_RATE_STATUS")
    if limit.limited:
        return _status_limited(request, form, limit)
    if not form.is_valid():
        return _private(render(request, "requests/public/status.html", {"form": form}))
    code_text, verifier = form.cleaned_data["code"], form.cleaned_data["verifier"]
    try:
        code = tracking.normalize(code_text)
    except tracking.TrackingCodeError:
        code = ""
    if code:
        per_code = guard.hit(
            request,
            "GONGKAI_FOI_RATE_STATUS_CODE",
            key=lambda _group, _request: code,
            group="GONGKAI_FOI_RATE_STATUS_CODE",
        )
        if per_code.limited:
            return _status_limited(request, form, per_code)
    lookup = services.find_case(code_text, verifier)
    if lookup.case is None:
        # The same page for a wrong code and a wrong verifier: the typed code is kept, the
        # verifier is asked again.
        context = {"form": StatusForm(initial={"code": code_text}), "notice": lookup.message_zh}
        return _private(render(request, "requests/public/status.html", context))
    context = {"form": StatusForm(), "found": public_timeline(lookup.case)}
    return _private(render(request, "requests/public/status.html", context))


def _status_limited(request: HttpRequest, form: StatusForm, limit: guard.Limit) -> HttpResponse:
    context = {
        "form": StatusForm(initial={"code": request.POST.get("code", "")[:40]}),
        "retry": _retry(limit),
        "contact": _contact(None),
    }
    response = render(request, "requests/public/status.html", context, status=429)
    response["Retry-After"] = str(max(1, limit.retry_after))
    return _private(response)


# -- the paper form -------------------------------------------------------------------------


def _paper_form(unit: Unit, kind: str) -> bytes:
    args = {
        "unit_name": unit.name,
        "address": unit.address,
        "phone": unit.phone,
        "office_hours": unit.office_hours,
    }
    digest = hashlib.sha256(repr(sorted(args.items())).encode()).hexdigest()[:16]
    key = f"foi:paper-form:{kind}:{unit.code}:{digest}"
    data = cache.get(key)
    if data is None:
        make = letters.application_form_docx if kind == "docx" else letters.application_form_pdf
        data = make(**args)
        cache.set(key, data, 24 * 3600)
    return data


PAPER_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_safe
def paper_form(request: HttpRequest, unit: str, kind: str) -> HttpResponse:
    the_unit = _accepting_unit(unit)
    response = HttpResponse(_paper_form(the_unit, kind), content_type=PAPER_TYPES[kind])
    response["Content-Disposition"] = content_disposition(
        f"政府信息公开申请表（{the_unit.name}）.{kind}",
        f"application-form-{the_unit.code}.{kind}",
    )
    patch_cache_control(response, public=True, max_age=3600)
    return response


# -- the how-to of the 依申请公开 column -----------------------------------------------------


def request_guide(unit: Unit) -> dict | None:
    """The 指南-style how-to above the 依申请公开 column's list (None for other columns)."""
    if unit.kind not in ACCEPTING_KINDS:
        parent = unit.parent
        while parent is not None and parent.kind not in ACCEPTING_KINDS:
            parent = parent.parent
        return {"accepts": False, "parent": parent, "request_column_key": standard.REQUEST}
    office = unit.disclosure_office or unit.name
    contacts = [
        (label, value)
        for label, value in (
            ("名称", office),
            ("办公地址", unit.address),
            ("邮政编码", unit.postcode),
            ("联系电话", unit.phone),
            ("传真", unit.fax),
            ("电子邮箱", unit.email),
            ("办公时间", unit.office_hours),
        )
        if value
    ]
    return {
        "accepts": True,
        "office": office,
        "contacts": contacts,
        "request_column_key": standard.REQUEST,
    }


def column_guide(unit: Unit, column_key: str) -> dict | None:
    return request_guide(unit) if column_key == standard.REQUEST else None
