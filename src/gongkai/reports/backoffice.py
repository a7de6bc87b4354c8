"""Back office of the annual report's data: importing the section 二 records."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.orgs.models import Unit
from gongkai.publishing import audit, scope
from gongkai.publishing.models import AuditAction
from gongkai.reports.models import DecisionKind, DecisionRecord
from gongkai.reports.services import import_decisions

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
