"""Back office of the annual report: the section 二 records, each unit's report (tables,
the sections staff write, text for publication, submission) and who has submitted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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

from gongkai.catalog.forms import check_upload
from gongkai.orgs.models import Unit, UnitKind
from gongkai.publishing import audit, scope
from gongkai.publishing.models import AuditAction
from gongkai.reports import compute, narrative, tables
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
from gongkai.requests.models import RequestCase

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
        check_upload(upload)
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
            "has_cases": year >= today.year
            or RequestCase.objects.filter(
                unit_id__in=compute.covered_units(unit), received_on__year__lte=year
            ).exists(),
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


# Backfill: a year typed by hand --------------------------------------------------------------


def backfill_grid(values: dict | None, post=None):
    """The rows of the three input tables: (input name, label, value shown). The value is what
    was posted when the form comes back with problems, else the stored figure."""
    current = tables.from_json(values) if values else tables.AnnualTables()

    def shown(name, figure):
        return post.get(name, "") if post is not None else figure

    two = [
        (f"t2-{name}", f"{row}：{column}", shown(f"t2-{name}", current.two.values()[name]))
        for name, (row, column) in tables.SECTION_TWO_CELLS.items()
    ]
    group_of = {sub: group for group, subs in tables.GROUP_ROWS.items() for sub in subs}

    def label(key):
        text = tables.SECTION_THREE_LABELS[key]
        group = group_of.get(key)
        return f"{tables.SECTION_THREE_LABELS[group]} {text}" if group else text

    three = [
        (label(key),
         [(f"t3-{key}-{i}", col, shown(f"t3-{key}-{i}", current.three.get(key, col)))
          for i, col in enumerate(tables.SECTION_THREE_COLUMNS)])
        for key in tables.VALUE_ROWS
        if key not in tables.GROUP_ROWS
    ]  # fmt: skip
    four = [
        (label,
         [(f"t4-{key}-{i}", col, shown(f"t4-{key}-{i}", current.four.get(key, col)))
          for i, col in enumerate(tables.APPEAL_COLUMNS)])
        for key, label in tables.APPEAL_GROUPS
    ]  # fmt: skip
    return {"two": two, "three": three, "four": four,
            "three_columns": tables.SECTION_THREE_COLUMNS, "four_columns": tables.APPEAL_COLUMNS}  # fmt: skip


def _typed(post) -> tuple[tables.AnnualTables | None, list[str]]:
    """The tables from the posted grid, or the reasons they cannot be."""
    problems: list[str] = []

    def number(name: str, label: str, money: bool = False):
        text = (post.get(name) or "").strip().replace(",", "")
        if text == "":
            return Decimal(0) if money else 0
        try:
            value = Decimal(text) if money else int(text)
        except (ValueError, ArithmeticError):
            problems.append(f"“{label}”应填写{'金额' if money else '整数'}，现为“{text[:20]}”。")
            return Decimal(0) if money else 0
        if value < 0:
            problems.append(f"“{label}”不能为负数。")
        return value

    two = {
        name: number(f"t2-{name}", f"{row}{column}", money=name == "fees_wan_yuan")
        for name, (row, column) in tables.SECTION_TWO_CELLS.items()
    }
    three = {
        key: {
            col: number(f"t3-{key}-{i}", f"{tables.SECTION_THREE_LABELS[key]} {col}")
            for i, col in enumerate(tables.SECTION_THREE_COLUMNS)
        }
        for key in tables.VALUE_ROWS
        if key not in tables.GROUP_ROWS
    }
    four = {
        key: {
            col: number(f"t4-{key}-{i}", f"{label} {col}")
            for i, col in enumerate(tables.APPEAL_COLUMNS)
        }
        for key, label in tables.APPEAL_GROUPS
    }
    if problems:
        return None, problems
    try:
        data = tables.AnnualTables(
            tables.SectionTwo.from_values(two),
            tables.SectionThree.from_values(three),
            tables.SectionFour.from_values(four),
        )
    except tables.ReportDataError as error:
        return None, [error.message_zh]
    return data, [e.message_zh for e in tables.check(data)]


@require_http_methods(["GET", "POST"])
def report_backfill(request, code: str, year: int):
    """Type a year's tables by hand: for a year before the platform kept records."""
    unit = _report_unit(request, code)
    if not request.user.has_perm("reports.change_annualreport"):
        raise PermissionDenied
    today = timezone.localdate()
    if not 2008 <= year < today.year:
        raise Http404
    ids = compute.covered_units(unit)
    if RequestCase.objects.filter(unit_id__in=ids, received_on__year__lte=year).exists():
        messages.error(
            request, f"平台已有{year}年及以前的申请记录，该年度表格由数据生成，不能手工补录。"
        )
        return redirect("reports_admin:report", unit.code, year)
    record = AnnualReport.objects.filter(unit=unit, year=year).first()
    problems: list[str] = []
    if request.method == "POST":
        data, problems = _typed(request.POST)
        if data is not None and not problems:
            record = record or AnnualReport(unit=unit, year=year)
            record.source = ReportSource.BACKFILLED
            record.frozen_sections = tables.as_json(data)
            record.save()
            audit.record(AuditAction.EDIT, obj=record, unit=unit, request=request,
                         detail={"backfill": year})  # fmt: skip
            messages.success(request, f"已保存{year}年度补录的表格。")
            return redirect("reports_admin:report", unit.code, year)
        grid = backfill_grid(None, request.POST)
    else:
        grid = backfill_grid(record.frozen_sections if record else None)
    return render(
        request,
        "reports/admin/backfill.html",
        {
            "page_title": f"补录{unit.name}{year}年度报告表格",
            "header_title": f"补录{unit.name}{year}年度报告表格",
            "unit": unit,
            "year": year,
            "grid": grid,
            "problems": problems,
        },
    )
