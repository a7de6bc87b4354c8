"""The request office's back-office pages (Wagtail admin, /admin/requests/): the register of
cases, registering a paper request, a case with its timeline, letters, letter templates.

Every page checks on the server that the user holds the model permission and covers the
case's unit (publishing/scope.py); a case outside the user's units is a 404, so its
existence is not confirmed.
"""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.interaction.messages import services as message_services
from gongkai.orgs.models import Unit
from gongkai.publishing import audit, scope
from gongkai.publishing.models import AuditAction
from gongkai.requests import services, tracking
from gongkai.requests.letter_texts import PLACEHOLDERS
from gongkai.requests.models import CaseLetter, LetterTemplate, RequestCase
from gongkai.requests.staff_forms import (
    EventForm,
    LetterForm,
    LetterTemplateForm,
    RegisterCaseForm,
)
from gongkai.requests.taxonomy import AppealResult, EventKind
from gongkai.spreadsheets import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATES = {
    "open": "未答复",
    "overdue": "已逾期",
    "week": "5个工作日内到期",
    "answered": "已答复未办结",
    "closed": "已办结",
    "all": "全部",
}


def _require(request, perm: str) -> None:
    if not request.user.has_perm(f"foi_requests.{perm}"):
        raise PermissionDenied


def scoped_cases(user):
    return scope.filter_units(user, RequestCase.objects.all())


def _case(request, pk: int, perm: str = "view_requestcase") -> RequestCase:
    _require(request, perm)
    case = get_object_or_404(RequestCase.objects.select_related("unit", "handler"), pk=pk)
    if not scope.covers(request.user, case.unit_id):
        raise Http404
    return case


def attachment(filename: str) -> str:
    """Content-Disposition with a Chinese file name (RFC 6266/5987) and an ASCII fallback."""
    return f"attachment; filename=\"{quote(filename.encode('ascii', 'ignore') or b'file')}\"; filename*=UTF-8''{quote(filename)}"


# The register ------------------------------------------------------------------------------


def rows_with_status(cases, today: date):
    cal = services.calendar()  # read once for the whole list
    return [(case, services.status(case, today=today, cal=cal)) for case in cases]


def filtered(request, today: date):
    cases = scoped_cases(request.user).select_related("unit", "handler")
    state = request.GET.get("state") or "open"
    if state not in STATES:
        state = "open"
    unit = request.GET.get("unit") or ""
    if unit.isdigit():
        cases = cases.filter(unit_id=int(unit))
    year = request.GET.get("year") or ""
    if year.isdigit():
        cases = cases.filter(received_on__year=int(year))
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        match = Q(applicant_name__icontains=q) | Q(description__icontains=q)
        try:
            match |= Q(tracking_code=tracking.normalize(q))
        except tracking.TrackingCodeError:
            pass
        cases = cases.filter(match)
    if state in ("open", "overdue", "week"):
        cases = cases.filter(answered_on__isnull=True)
    elif state == "answered":
        cases = cases.filter(answered_on__isnull=False, closed_on__isnull=True)
    elif state == "closed":
        cases = cases.filter(closed_on__isnull=False)
    cases = cases.prefetch_related("events")
    rows = rows_with_status(cases, today)
    if state == "overdue":
        rows = [r for r in rows if r[1].overdue]
    elif state == "week":
        rows = [r for r in rows if r[1].days_left is not None and 0 <= r[1].days_left <= 5]
    if state in ("open", "overdue", "week"):
        # Most urgent first; cases whose clock is stopped (补正) after the running ones.
        rows.sort(key=lambda r: (r[1].days_left is None, r[1].days_left or 0, r[0].received_on))
    return rows, {"state": state, "unit": unit, "year": year, "q": q}


def case_list(request):
    _require(request, "view_requestcase")
    today = timezone.localdate()
    rows, chosen = filtered(request, today)
    if request.GET.get("format") == "xlsx":
        return register_xlsx(request, rows, today)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    units = scope.filter_units(request.user, Unit.objects.active(), field="pk").order_by(
        "position", "code"
    )
    years = sorted(
        {d.year for d in scoped_cases(request.user).dates("received_on", "year")}, reverse=True
    )
    return render(
        request,
        "requests/admin/list.html",
        {
            "page_title": "依申请公开办理",
            "header_title": "依申请公开办理",
            "page": page,
            "states": STATES,
            "units": units,
            "years": years,
            "chosen": chosen,
            "today": today,
            "can_add": request.user.has_perm("foi_requests.add_requestcase"),
            "can_templates": request.user.has_perm("foi_requests.change_lettertemplate"),
            "query": request.GET.urlencode(),
        },
    )


REGISTER_COLUMNS = (
    "查询码", "受理机关", "申请方式", "收到申请日期", "申请人类型", "申请人", "联系电话",
    "所需信息", "状态", "答复期限", "剩余工作日", "办理结果", "答复日期", "办结日期",
    "行政复议", "行政诉讼", "承办人",
)  # fmt: skip


def _appeals(case, kind) -> str:
    results = [e.data.get("result") for e in case.events.all() if e.kind == kind]
    return AppealResult(results[-1]).label if results and results[-1] else ""


def register_xlsx(request, rows, today: date) -> HttpResponse:
    """The request register (登记台账) as shown, one row per case."""
    book = Workbook()
    sheet = book.active
    sheet.title = "依申请公开登记台账"
    sheet.append(REGISTER_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for case, status in rows:
        row = [
            tracking.display(case.tracking_code),
            case.unit.name,
            case.get_channel_display(),
            case.received_on,
            case.get_applicant_type_display(),
            case.applicant_name,
            case.phone,
            case.description,
            status.label,
            status.deadline.due if status.deadline else None,
            status.days_left,
            case.get_outcome_display(),
            case.answered_on,
            case.closed_on,
            _appeals(case, EventKind.RECONSIDERATION),
            _appeals(case, EventKind.LITIGATION),
            (case.handler.get_full_name() or case.handler.get_username()) if case.handler else "",
        ]
        sheet.append(safe_row(row))
    for column in ("D", "J", "M", "N"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHIJKLMNOPQ", (13, 18, 10, 12, 12, 12, 14, 40), strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    audit.record(
        AuditAction.EXPORT,
        request=request,
        detail={"what": "依申请公开登记台账", "rows": len(rows)},
    )
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = attachment(f"依申请公开登记台账-{today:%Y%m%d}.xlsx")
    return response


# One case --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_register(request):
    _require(request, "add_requestcase")
    message = _message_to_convert(request)
    initial = message_services.request_initial(message) if message else None
    form = RegisterCaseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        if not scope.covers(request.user, fields["unit"].pk):
            raise PermissionDenied
        try:
            with transaction.atomic():
                case = services.file_request(user=request.user, handler=request.user, **fields)
                if message is not None:
                    message_services.converted(message, case, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except message_services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            audit.record(
                AuditAction.CREATE, obj=case, request=request, detail={"what": "登记依申请公开"}
            )
            messages.success(
                request, f"已登记，查询码 {tracking.display(case.tracking_code)}，请告知申请人。"
            )
            return redirect("foi_admin:case", case.pk)
    return render(
        request,
        "requests/admin/register.html",
        {"page_title": "登记申请", "header_title": "登记申请", "form": form, "message": message},
    )


def _message_to_convert(request):
    """The open 留言 of the user's units that this registration converts (条例第二十九条:
    staff complete what a message lacks, such as the ID number, with the citizen)."""
    from gongkai.interaction.messages.models import MessageState

    pk = request.POST.get("from_message") or request.GET.get("from_message")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return get_object_or_404(
        message_services.scoped(request.user).filter(state=MessageState.OPEN), pk=int(pk)
    )


@require_http_methods(["GET", "POST"])
def case_detail(request, pk: int):
    from gongkai.requests import lettering, letters  # noqa: F401 - loaded on use (letters is heavy)

    case = _case(request, pk)
    kinds = services.allowed_kinds(case)
    can_change = request.user.has_perm("foi_requests.change_requestcase")
    done = list(case.events.order_by("on", "pk").values_list("kind", flat=True))
    form = EventForm(request.POST or None, kinds=kinds, done=done, user=request.user)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if request.POST.get("take"):
            RequestCase.objects.filter(pk=case.pk).update(handler=request.user)
            audit.record(
                AuditAction.EDIT,
                obj=case,
                request=request,
                detail={"handler": request.user.get_username()},
            )
            messages.success(request, "已由您承办。")
            return redirect("foi_admin:case", case.pk)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            try:
                services.record_event(
                    case,
                    kind,
                    on=form.cleaned_data["on"],
                    user=request.user,
                    note=form.cleaned_data["note"],
                    outcome=form.cleaned_data.get("outcome") or "",
                    data=form.event_data(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                audit.record(
                    AuditAction.EDIT,
                    obj=case,
                    request=request,
                    detail={"event": kind, "on": form.cleaned_data["on"].isoformat()},
                )
                messages.success(request, f"已登记“{EventKind(kind).label}”。")
                late = kind == EventKind.CORRECTION_REQUESTED and (
                    services.late_correction_notice(case, form.cleaned_data["on"])
                )
                if late:
                    messages.warning(request, late)
                return redirect("foi_admin:case", case.pk)
    case.refresh_from_db()
    events = list(case.events.select_related("user"))
    for event in events:
        event.details = services.describe(event)
    today = timezone.localdate()
    return render(
        request,
        "requests/admin/case.html",
        {
            "page_title": f"申请 {tracking.display(case.tracking_code)}",
            "header_title": f"申请 {tracking.display(case.tracking_code)}",
            "case": case,
            "code": tracking.display(case.tracking_code),
            "events": events,
            "status": services.status(case, today=today),
            "form": form,
            "can_change": can_change,
            "letters": case.letters.all(),
            "letter_kinds": lettering.kinds_for(case),
            "suggested_letter": lettering.suggested_kind(case),
        },
    )


# Letters ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def letter_new(request, pk: int):
    from gongkai.requests import lettering, letters  # noqa: F401 - loaded on use (letters is heavy)

    case = _case(request, pk, "change_requestcase")
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in lettering.KINDS:
        raise Http404
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            letter = CaseLetter.objects.create(
                case=case, kind=kind, created_by=request.user, **form.cleaned_data
            )
            audit.record(
                AuditAction.CREATE, obj=case, request=request, detail={"letter": letter.title}
            )
            messages.success(request, f"已制作“{letter.title}”，可下载 Word 或 PDF。")
            return redirect("foi_admin:case", case.pk)
    else:
        form = LetterForm(initial=lettering.initial(case, kind, request.user))
    return render(
        request,
        "requests/admin/letter.html",
        {
            "page_title": f"制作{lettering.KINDS[kind]}",
            "header_title": f"制作{lettering.KINDS[kind]}",
            "case": case,
            "kind": kind,
            "form": form,
            "code": tracking.display(case.tracking_code),
        },
    )


def letter_download(request, pk: int, letter_pk: int, fmt: str):
    from gongkai.requests import lettering, letters  # noqa: F401 - loaded on use (letters is heavy)

    case = _case(request, pk)
    saved = get_object_or_404(CaseLetter, case=case, pk=letter_pk)
    letter = lettering.as_letter(saved)
    name = f"{saved.title}-{tracking.display(case.tracking_code)}"
    if fmt == "docx":
        response = HttpResponse(letters.render_docx(letter), content_type=DOCX)
    elif fmt == "pdf":
        response = HttpResponse(letters.render_pdf(letter), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = attachment(f"{name}.{fmt}")
    return response


# Templates -------------------------------------------------------------------------------


def template_list(request):
    from gongkai.requests import lettering, letters  # noqa: F401 - loaded on use (letters is heavy)

    _require(request, "change_lettertemplate")
    saved = {t.kind: t for t in LetterTemplate.objects.select_related("updated_by")}
    rows = [(kind, label, saved.get(kind)) for kind, label in lettering.KINDS.items()]
    return render(
        request,
        "requests/admin/templates.html",
        {"page_title": "告知书模板", "header_title": "告知书模板", "rows": rows},
    )


@require_http_methods(["GET", "POST"])
def template_edit(request, kind: str):
    from gongkai.requests import lettering, letters  # noqa: F401 - loaded on use (letters is heavy)

    _require(request, "change_lettertemplate")
    if kind not in lettering.KINDS:
        raise Http404
    title, body = lettering.template_for(kind)
    form = LetterTemplateForm(request.POST or None, initial={"title": title, "body": body})
    if request.method == "POST":
        if request.POST.get("reset"):
            LetterTemplate.objects.filter(kind=kind).delete()
            audit.record(
                AuditAction.EDIT, request=request, detail={"template": kind, "reset": True}
            )
            messages.success(request, "已恢复为默认文本。")
            return redirect("foi_admin:templates")
        if form.is_valid():
            LetterTemplate.objects.update_or_create(
                kind=kind, defaults={**form.cleaned_data, "updated_by": request.user}
            )
            audit.record(AuditAction.EDIT, request=request, detail={"template": kind})
            messages.success(request, f"已保存“{lettering.KINDS[kind]}”模板。")
            return redirect("foi_admin:templates")
    return render(
        request,
        "requests/admin/template_edit.html",
        {
            "page_title": f"编辑模板：{lettering.KINDS[kind]}",
            "header_title": f"编辑模板：{lettering.KINDS[kind]}",
            "form": form,
            "kind": kind,
            "placeholders": PLACEHOLDERS,
            "customised": LetterTemplate.objects.filter(kind=kind).exists(),
            "list_url": reverse("foi_admin:templates"),
        },
    )
