"""Back-office pages of the publishing app: suggestions, redaction, withdrawal, 通报, audit log."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook

from gongkai.catalog.models import Column, Disclosure, Document
from gongkai.orgs.models import Unit
from gongkai.publishing import audit, classify, gate, scope, services, timeliness
from gongkai.publishing.models import AuditAction, AuditEntry
from gongkai.publishing.roles import OVERSIGHT, Role, has_role
from gongkai.spreadsheets import safe_row
from gongkai.workcalendar.services import official_calendar

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scoped_document(request, pk) -> Document:
    doc = get_object_or_404(Document.objects.select_related("unit"), pk=pk)
    if not scope.covers(request.user, doc.unit_id) or not request.user.has_perm(
        "catalog.view_document"
    ):
        raise PermissionDenied
    return doc


def _require_oversight(request) -> None:
    if not has_role(request.user, *OVERSIGHT):
        raise PermissionDenied


# Classification help ---------------------------------------------------------------------


EXAMPLES_PER_UNIT = 600


@require_GET
def suggest_columns(request):
    """Likely statutory columns for a title and body, with the reasons (JSON for the editor)."""
    if not request.user.has_perm("catalog.change_document"):
        raise PermissionDenied
    try:
        unit_id = int(request.GET.get("unit", ""))
    except ValueError:
        return JsonResponse({"suggestions": [], "error": "请先选择发布机构。"}, status=400)
    if not scope.covers(request.user, unit_id):
        raise PermissionDenied
    title = request.GET.get("title", "")[:300]
    body = request.GET.get("body", "")[:3000]
    columns = {c.key: c for c in Column.objects.filter(unit_id=unit_id)}
    examples = [
        classify.Example(title=t, body="", column_key=key)
        for t, key in Document.objects.public()
        .filter(unit_id=unit_id, columns__key__in=classify.COLUMN_KEYS)
        .order_by("-published_on")
        .values_list("title", "columns__key")[:EXAMPLES_PER_UNIT]
    ]
    suggestions = [
        {
            "key": s.column_key,
            "name": columns[s.column_key].name,
            "score": round(s.score, 3),
            "reasons": list(s.reasons),
        }
        for s in classify.suggest_columns(title, body, examples=examples, top=3)
        if s.column_key in columns
    ]
    return JsonResponse({"suggestions": suggestions})


# Redaction -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def redact(request, pk):
    doc = _scoped_document(request, pk)
    if request.method == "POST":
        try:
            revision, count = services.redact_document(doc, request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            if count:
                messages.success(
                    request, f"已遮盖{count}处个人信息，生成了新的修订版本。请核对后重新提交审核。"
                )
            else:
                messages.info(request, "没有需要遮盖的个人信息。")
        return redirect(reverse(Document.snippet_viewset.get_url_name("edit"), args=[doc.pk]))
    title_findings, body_findings = gate.personal_data_findings(doc.get_latest_revision_as_object())
    findings = title_findings + body_findings
    return render(
        request,
        "publishing/redact.html",
        {"document": doc, "findings": findings, "page_title": "一键遮盖个人信息"},
    )


# Withdrawal ------------------------------------------------------------------------------


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤稿原因（将在原网址公开显示）",
        max_length=300,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "请填写撤稿原因。", "max_length": "撤稿原因不能超过300字。"},
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    doc = _scoped_document(request, pk)
    if not has_role(request.user, Role.HEAD):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(doc, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"《{doc.title}》已撤稿，原网址显示撤回说明。")
            return redirect(reverse(Document.snippet_viewset.get_url_name("list")))
    return render(
        request, "publishing/withdraw.html", {"document": doc, "form": form, "page_title": "撤稿"}
    )


# Timeliness (通报) -------------------------------------------------------------------------


class PeriodForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="机构", queryset=Unit.objects.all(), required=False, empty_label="全部机构"
    )
    start = forms.DateField(label="形成日期从", required=False)
    end = forms.DateField(label="至", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError("开始日期不能晚于结束日期。")
        return cleaned


def _period(form: PeriodForm) -> tuple[date, date]:
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    return data.get("start") or date(today.year, 1, 1), data.get("end") or today


@require_GET
def timeliness_report(request):
    _require_oversight(request)
    form = PeriodForm(request.GET or None)
    start, end = _period(form)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    documents = (
        Document.objects.filter(disclosure=Disclosure.PROACTIVE, withdrawn_at__isnull=True)
        .select_related("unit")
        .order_by("unit__position", "written_on")
        .only("pk", "title", "unit", "written_on", "formed_on", "published_on", "live", "index_no")
    )
    documents = documents.filter(
        formed_on__isnull=True, written_on__range=(start, end)
    ) | documents.filter(formed_on__range=(start, end))
    if unit:
        documents = documents.filter(unit=unit)
    today = timezone.localdate()
    rows, details = timeliness.summarise(documents, today, official_calendar().official)
    problems = [
        (d, a) for d, a in details if a.state in (timeliness.State.LATE, timeliness.State.OVERDUE)
    ]
    if request.GET.get("format") == "xlsx":
        audit.record(
            AuditAction.EXPORT,
            user=request.user,
            detail={"report": "timeliness", "start": str(start), "end": str(end)},
        )
        return _timeliness_xlsx(rows, problems, start, end)
    return render(
        request,
        "publishing/timeliness.html",
        {
            "form": form,
            "rows": rows,
            "problems": problems[:500],
            "problem_count": len(problems),
            "start": start,
            "end": end,
            "states": timeliness.LABELS,
            "page_title": "主动公开时效通报",
        },
    )


def _timeliness_xlsx(rows, problems, start, end) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "按机构"
    sheet.append([f"主动公开时效通报（信息形成日期 {start} 至 {end}）"])
    sheet.append(
        [
            "机构",
            "按时公开",
            "逾期公开",
            "逾期未公开",
            "待公开",
            "无法计算",
            "按时率",
            "逾期工作日合计",
        ]
    )
    S = timeliness.State
    for row in rows:
        sheet.append(
            [
                row.unit.name,
                row.counts[S.ON_TIME],
                row.counts[S.LATE],
                row.counts[S.OVERDUE],
                row.counts[S.PENDING],
                row.counts[S.UNKNOWN],
                round(row.on_time_rate, 4) if row.on_time_rate is not None else None,
                row.late_days,
            ]
        )
    detail = book.create_sheet("逾期明细")
    detail.append(["机构", "索引号", "标题", "形成日期", "应公开日期", "发布日期", "情况"])
    for doc, result in problems:
        detail.append(
            [
                doc.unit.name,
                doc.index_no,
                doc.title,
                doc.due_from,
                result.due_on,
                doc.published_on if doc.live else None,
                result.label,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="timeliness-{start}-{end}.xlsx"'
    return response


# Audit log -------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="用户名", required=False, max_length=150)
    unit = forms.ModelChoiceField(
        label="机构", queryset=Unit.objects.all(), required=False, empty_label="全部机构"
    )
    action = forms.ChoiceField(
        label="操作", choices=[("", "全部操作"), *AuditAction.choices], required=False
    )
    start = forms.DateField(label="日期从", required=False)
    end = forms.DateField(label="至", required=False)


def _audit_queryset(form: AuditFilterForm):
    entries = AuditEntry.objects.select_related("unit").order_by("-at", "-pk")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data.get("user"):
        entries = entries.filter(username__icontains=data["user"])
    if data.get("unit"):
        entries = entries.filter(unit=data["unit"])
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    tz = timezone.get_current_timezone()
    if data.get("start"):
        entries = entries.filter(at__gte=datetime.combine(data["start"], time.min, tzinfo=tz))
    if data.get("end"):
        entries = entries.filter(at__lte=datetime.combine(data["end"], time.max, tzinfo=tz))
    return entries


@require_GET
def audit_log(request):
    _require_oversight(request)
    form = AuditFilterForm(request.GET or None)
    entries = _audit_queryset(form)
    if request.GET.get("format") == "xlsx":
        audit.record(
            AuditAction.EXPORT,
            user=request.user,
            detail={"report": "audit", "filters": request.GET.dict()},
        )
        return _audit_xlsx(entries[:100_000])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publishing/audit.html",
        {"form": form, "page": page, "query": query.urlencode(), "page_title": "审计日志"},
    )


def _audit_xlsx(entries) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    sheet.append(["时间", "用户", "机构", "IP地址", "操作", "对象类型", "对象编号", "对象", "详情"])
    for e in entries.iterator():
        row = [
            timezone.localtime(e.at).replace(tzinfo=None),
            e.username,
            e.unit.name if e.unit else "",
            e.ip or "",
            e.get_action_display(),
            e.object_type,
            e.object_id,
            e.object_repr,
            str(e.detail) if e.detail else "",
        ]
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="audit-log.xlsx"'
    return response
