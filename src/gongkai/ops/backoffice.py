"""The duty log (值班日志) in the back office (/admin/dutylog/): a day's findings by unit with
links to fix them, who ran and who signed it off, the trend, the Excel export, and the
button that runs an inspection now.

Every staff role reads the log, each for the units it covers (publishing/scope.py); the
disclosure office (公开办) and the administrators see the whole county and may run an
inspection. A unit outside the user's scope is a 404, so its existence is not confirmed.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus

from gongkai.ops import dutylog
from gongkai.ops.models import Trigger
from gongkai.orgs.models import Unit
from gongkai.publishing import audit, scope
from gongkai.publishing.models import AuditAction
from gongkai.publishing.roles import OVERSIGHT, Role, has_role
from gongkai.requests.backoffice import XLSX, attachment


def can_read(user) -> bool:
    return has_role(user, *Role.values)


def can_run(user) -> bool:
    return has_role(user, *OVERSIGHT)


def _require_reader(request) -> None:
    if not can_read(request.user):
        raise PermissionDenied


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404 from None


def _unit(request) -> Unit | None:
    pk = request.GET.get("unit") or ""
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404
    unit = get_object_or_404(Unit, pk=int(pk))
    if not scope.covers(request.user, unit.pk):
        raise Http404
    return unit


@require_GET
def today(request):
    _require_reader(request)
    return redirect("dutylog:day", f"{timezone.localdate():%Y-%m-%d}")


@require_GET
def day_view(request, day: str):
    _require_reader(request)
    on = _day(day)
    unit = _unit(request)
    log = dutylog.day_log(on, request.user, unit=unit)
    units = scope.filter_units(request.user, Unit.objects.active(), field="pk")
    return render(
        request,
        "ops/dutylog.html",
        {
            "page_title": f"值班日志 {on:%Y-%m-%d}",
            "header_title": f"值班日志 {on:%Y年%-m月%-d日}",
            "log": log,
            "day": on,
            "unit": unit,
            "units": units,
            "can_run": can_run(request.user),
            "reviewed": any(r.user_id == request.user.pk for r in log.reviews),
            "is_today": on == timezone.localdate(),
            "previous": date.fromordinal(on.toordinal() - 1),
            "next": date.fromordinal(on.toordinal() + 1),
        },
    )


@require_POST
def run_now(request):
    if not can_run(request.user):
        raise PermissionDenied
    from gongkai.ops.tasks import run_inspection

    day = timezone.localdate()
    result = run_inspection.enqueue(
        day=day.isoformat(), user_id=request.user.pk, trigger=Trigger.MANUAL
    )
    audit.record(AuditAction.EDIT, request=request, detail={"what": "网站自查", "day": str(day)})
    if result.status == TaskResultStatus.FAILED:
        messages.error(request, "自查未能完成，请查看服务器日志或稍后重试。")
    elif result.is_finished:
        messages.success(request, "自查已完成。")
    else:
        messages.info(request, "自查已开始，完成后刷新本页查看结果。")
    return redirect("dutylog:day", f"{day:%Y-%m-%d}")


@require_POST
def review(request, day: str):
    _require_reader(request)
    on = _day(day)
    dutylog.acknowledge(on, request.user, request.POST.get("note", ""))
    messages.success(request, "已签阅。")
    return redirect("dutylog:day", f"{on:%Y-%m-%d}")


@require_GET
def export(request, day: str):
    _require_reader(request)
    on = _day(day)
    log = dutylog.day_log(on, request.user, unit=_unit(request))
    audit.record(
        AuditAction.EXPORT,
        request=request,
        detail={"what": "值班日志", "day": str(on), "rows": log.open_count + len(log.fixed)},
    )
    response = HttpResponse(dutylog.export_xlsx(log), content_type=XLSX)
    response["Content-Disposition"] = attachment(f"值班日志-{on:%Y%m%d}.xlsx")
    return response
