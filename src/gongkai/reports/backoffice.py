"""Back office of the annual report: the section 二 records, each unit's report (tables,
the sections staff write, text for publication, submission) and who has submitted."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from gongkai.orgs.models import Unit, UnitKind
from gongkai.publishing import audit, scope
from gongkai.publishing.models import AuditAction
from gongkai.reports import compute, narrative
from gongkai.reports import render as report_render
from gongkai.reports.models import (
    AnnualReport,
    DecisionKind,
    DecisionRecord,
    ReportSource,
    ReportStatus,
)
from gongkai.reports.services import import_decisions
from gongkai.requests.backoffice import DOCX, XLSX, attachment

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label="机构", queryset=Unit.objects.none(), empty_label="请选择")
    file = forms.FileField(
        label="文件（.xlsx 或 .csv）",
        help_text="列：类别、日期、数量、金额（元）、文号、备注，可选“机构代码”。第一行为列名。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.filter_units(
            user, Unit.objects.active(), field="pk"
        ).order_by("position", "code")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过20 MB。")
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("只能导入 .xlsx 或 .csv 文件。")
        return upload


@require_http_methods(["GET", "POST"])
def decisions(request):
    if not request.user.has_perm("reports.add_decisionrecord"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_decisions(
            form.cleaned_data["unit"],
            upload.read(),
            upload.name,
            user=request.user,
            allowed_unit_ids=scope.unit_ids(request.user),
        )
        if result.ok:
            audit.record(
                AuditAction.CREATE,
                unit=form.cleaned_data["unit"],
                request=request,
                detail={
                    "what": "导入执法决定及收费记录",
                    "rows": result.created,
                    "batch": result.batch,
                },
            )
            messages.success(request, f"已导入{result.created}行。")
            return redirect("reports_admin:decisions")
    records = scope.filter_units(request.user, DecisionRecord.objects.all())
    summary = (
        records.annotate(year=ExtractYear("decided_on"))
        .values("unit__name", "year", "kind")
        .annotate(rows=Count("pk"), n=Sum("count"), yuan=Sum("amount_yuan"))
        .order_by("-year", "unit__name", "kind")
    )
    labels = dict(DecisionKind.choices)
    return render(
        request,
        "reports/admin/decisions.html",
        {
            "page_title": "执法决定及收费记录",
            "header_title": "执法决定及收费记录",
            "form": form,
            "result": result,
            "summary": [{**row, "kind_label": labels[row["kind"]]} for row in summary],
        },
    )


# Annual reports ----------------------------------------------------------------------------

REPORTING_KINDS = (UnitKind.COUNTY, UnitKind.DEPARTMENT, UnitKind.TOWNSHIP)


def due_date(unit: Unit, year: int) -> date:
    """Art. 49: departments and townships by 31 January; the county government by 31 March."""
    return date(year + 1, 3, 31) if unit.parent_id is None else date(year + 1, 1, 31)


def _report_unit(request, code: str) -> Unit:
    if not request.user.has_perm("reports.view_annualreport"):
        raise PermissionDenied
    unit = get_object_or_404(Unit, code=code, kind__in=REPORTING_KINDS)
    if not scope.covers(request.user, unit.pk):
        raise Http404
    return unit


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["general", "problems", "other_matters"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


def report_list(request):
    if not request.user.has_perm("reports.view_annualreport"):
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today)
    units = scope.filter_units(
        request.user, Unit.objects.active().filter(kind__in=REPORTING_KINDS), field="pk"
    ).order_by("position", "code")
    records = {r.unit_id: r for r in AnnualReport.objects.filter(year=year, unit__in=units)}
    rows = []
    for unit in units:
        record = records.get(unit.pk)
        due = due_date(unit, year)
        submitted = record.submitted_at.date() if record and record.submitted_at else None
        rows.append(
            {
                "unit": unit,
                "record": record,
                "due": due,
                "submitted": submitted,
                "late": (submitted or today) > due and (submitted is not None or today > due),
            }
        )
    return render(
        request,
        "reports/admin/reports.html",
        {
            "page_title": f"{year}年度政府信息公开工作年度报告",
            "header_title": f"{year}年度政府信息公开工作年度报告",
            "year": year,
            "years": range(today.year, 2013, -1),
            "rows": rows,
            "submitted": sum(1 for r in rows if r["submitted"]),
            "late": sum(1 for r in rows if r["late"]),
        },
    )


def _year(request, today: date) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 2008 <= int(value) <= today.year:
        return int(value)
    return today.year - 1


@require_http_methods(["GET", "POST"])
def report_edit(request, code: str, year: int):
    unit = _report_unit(request, code)
    today = timezone.localdate()
    if not 2008 <= year <= today.year:
        raise Http404
    record = AnnualReport.objects.filter(unit=unit, year=year).first()
    can_change = request.user.has_perm("reports.change_annualreport")
    if record is None:
        record = AnnualReport(unit=unit, year=year, source=ReportSource.COMPUTED)
    if not (record.general or record.problems or record.other_matters):
        text = narrative.drafts(unit, year)
        record.general, record.problems, record.other_matters = text["一"], text["五"], text["六"]
    form = NarrativeForm(request.POST or None, instance=record)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        if action == "redraft":
            text = narrative.drafts(unit, year)
            record.general, record.problems, record.other_matters = (
                text["一"], text["五"], text["六"],
            )  # fmt: skip
            record.save()
            messages.success(request, "已按本年数据重新生成草稿。")
            return redirect("reports_admin:report", unit.code, year)
        if form.is_valid():
            record = form.save()
            audit.record(AuditAction.EDIT, obj=record, unit=unit, request=request,
                         detail={"report": year, "action": action})  # fmt: skip
            if action == "generate":
                try:
                    document = narrative.generate_document(unit, year, user=request.user)
                except narrative.ReportNotReady as error:
                    messages.error(request, f"表格不符合勾稽关系，未生成文稿：{error}")
                except narrative.ReportAlreadyPublished as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request, "已生成年报文稿（草稿），请在“政府信息”中检查并提交审核后公开。"
                    )
                    return redirect("wagtailsnippets_catalog_document:edit", document.pk)
            elif action == "submit":
                AnnualReport.objects.filter(pk=record.pk).update(
                    status=ReportStatus.SUBMITTED
                    if record.status == ReportStatus.DRAFT
                    else record.status,
                    submitted_at=timezone.now(),
                    submitted_by=request.user,
                )
                messages.success(request, "已报送。")
            else:
                messages.success(request, "已保存。")
            return redirect("reports_admin:report", unit.code, year)
    report = compute.build(unit, year)
    data = report.for_render()
    if form.is_bound is False:
        data["narrative"] = {
            "一": record.general,
            "五": record.problems,
            "六": record.other_matters,
        }
    return render(
        request,
        "reports/admin/report.html",
        {
            "page_title": report.title,
            "header_title": report.title,
            "unit": unit,
            "year": year,
            "report": report,
            "record": record if record.pk else None,
            "form": form,
            "can_change": can_change,
            "tables_html": mark_safe(report_render.render_html_tables(data)),  # noqa: S308 - escaped by render
            "due": due_date(unit, year),
        },
    )


def report_download(request, code: str, year: int, fmt: str):
    unit = _report_unit(request, code)
    report = compute.build(unit, year)
    if report.errors:
        messages.error(
            request,
            "表格不符合勾稽关系，不能导出：" + "；".join(e.message_zh for e in report.errors),
        )
        return redirect("reports_admin:report", unit.code, year)
    renderers = {
        "docx": (report_render.render_docx, DOCX),
        "pdf": (report_render.render_pdf, "application/pdf"),
        "xlsx": (report_render.render_xlsx, XLSX),
    }
    if fmt not in renderers:
        raise Http404
    function, content_type = renderers[fmt]
    response = HttpResponse(function(report.for_render()), content_type=content_type)
    response["Content-Disposition"] = attachment(f"{report.title}.{fmt}")
    return response
