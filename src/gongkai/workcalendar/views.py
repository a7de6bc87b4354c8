"""Back-office pages of the working-day calendar: the years, one year, enter or correct a year.

Every view requires ``workcalendar.change_calendaryear`` (公开办 and 系统管理员); Wagtail's
``require_admin_access`` turns the refusal into its usual redirect to the dashboard.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.workcalendar import services
from gongkai.workcalendar.forms import CalendarYearForm
from gongkai.workcalendar.grid import DayKind, year_grid
from gongkai.workcalendar.models import CalendarYear
from gongkai.workcalendar.parse import (
    YEAR_MAX,
    YEAR_MIN,
    format_holidays,
    format_makeup_days,
    zh_date,
    zh_span,
    zh_weekday,
)

PERMISSION = "workcalendar.change_calendaryear"
TITLE = "工作日历"
WEEK_HEADER = [("一", "星期一"), ("二", "星期二"), ("三", "星期三"), ("四", "星期四"),
               ("五", "星期五"), ("六", "星期六"), ("日", "星期日")]  # fmt: skip
# (kind, what its sample cell shows, what it means)
LEGEND = [
    (DayKind.HOLIDAY, "休", "放假（法定节假日及调休放假）"),
    (DayKind.MAKEUP, "班", "调休上班（周六或周日上班）"),
    (DayKind.WEEKEND, "", "周末休息"),
    (DayKind.WORKDAY, "", "工作日"),
]


def _require(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _page(request, template: str, title: str, trail: list[tuple[str, str]], **context):
    breadcrumbs = [{"url": reverse("wagtailadmin_home"), "label": "首页"}]
    breadcrumbs += [{"url": url, "label": label} for url, label in trail]
    breadcrumbs.append({"url": "", "label": title})
    return render(
        request,
        template,
        {
            "header_title": title,
            "page_title": title,
            "header_icon": "calendar",
            "breadcrumbs_items": breadcrumbs,
            **context,
        },
    )


def _index_trail() -> list[tuple[str, str]]:
    return [(reverse("workcalendar:index"), TITLE)]


def _arrangement_rows(arrangement) -> tuple[list[dict], list[dict]]:
    holidays = [
        {"name": h.name, "span": zh_span(h.first, h.last), "length": h.length, "holiday": h}
        for h in arrangement.holidays
    ]
    makeup = [
        {
            "day": d,
            "text": f"{zh_date(d)}（{zh_weekday(d)}）",
            # The year only when it is not the arrangement's (元旦's make-up day in December).
            "short": f"{d.month}月{d.day}日" if d.year == arrangement.year else zh_date(d),
        }
        for d in arrangement.makeup_days
    ]
    return holidays, makeup


def _grid_context(calendar, year: int) -> dict:
    return {
        "grid": year_grid(calendar, year),
        "week_header": WEEK_HEADER,
        "legend": LEGEND,
    }


def _today():
    return timezone.localdate()


def index(request):
    _require(request)
    today = _today()
    statuses = services.overview(today)
    years = []
    for s in reversed(statuses):
        holidays, makeup = _arrangement_rows(s.arrangement) if s.arrangement else ([], [])
        years.append({"status": s, "holidays": holidays, "makeup": makeup})
    next_year = today.year + 1
    return _page(
        request,
        "workcalendar/index.html",
        TITLE,
        [],
        years=years,
        next_year=next_year,
        next_year_missing=not any(
            s.year == next_year and s.kind is services.SourceKind.ENTERED for s in statuses
        ),
        year_min=YEAR_MIN,
        year_max=YEAR_MAX,
        kinds=services.SourceKind,
    )


def year_detail(request, year: int):
    _require(request)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    status = services.year_status(year)
    holidays, makeup = _arrangement_rows(status.arrangement) if status.arrangement else ([], [])
    context = {}
    if status.arrangement is not None:
        context = _grid_context(services.official_calendar(), year)
    return _page(
        request,
        "workcalendar/year.html",
        f"{year}年工作日历",
        _index_trail(),
        status=status,
        kinds=services.SourceKind,
        holidays=holidays,
        makeup=makeup,
        history=_history_rows(year),
        provisional=status.kind is services.SourceKind.PROVISIONAL,
        **context,
    )


ACTIONS = {"wagtail.create": "录入", "wagtail.edit": "修改", "wagtail.delete": "删除"}
FIELD_LABELS = {
    f.name: str(f.verbose_name)
    for f in CalendarYear._meta.get_fields()
    if hasattr(f, "verbose_name")
}


def _history_rows(year: int) -> list[dict]:
    rows = []
    for entry in services.history(year)[:50]:
        data = entry.data if isinstance(entry.data, dict) else {}
        changed = data.get("changed")
        rows.append(
            {
                "timestamp": entry.timestamp,
                "label_zh": ACTIONS.get(entry.action, entry.action),
                "user": entry.user_display_name,
                "notice": data.get("notice", ""),
                "changed": "、".join(FIELD_LABELS.get(f, f) for f in changed) if changed else "",
            }
        )
    return rows


def _initial_for(year: int | None) -> dict:
    """A new row starts from the built-in notice when correcting one, else empty."""
    if year is None:
        return {}
    initial: dict = {"year": year}
    builtin = services.BUILTIN.get(year)
    if builtin is not None:
        initial.update(
            notice="、".join(builtin.notices),
            holidays=format_holidays(builtin.holidays),
            makeup_days=format_makeup_days(builtin.makeup_days),
        )
    return initial


def _parse_year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


@require_http_methods(["GET", "POST"])
def add(request):
    _require(request)
    year = _parse_year(request.GET.get("year"))
    if year is not None and CalendarYear.objects.filter(year=year).exists():
        return redirect("workcalendar:edit", year=year)
    return _edit(request, CalendarYear(), year)


@require_http_methods(["GET", "POST"])
def edit(request, year: int):
    _require(request)
    row = get_object_or_404(CalendarYear, year=year)
    return _edit(request, row, year)


def _edit(request, row: CalendarYear, year: int | None):
    creating = row.pk is None
    if request.method == "POST":
        form = CalendarYearForm(request.POST, instance=row)
        if form.is_valid() and request.POST.get("action") == "save":
            saved = services.save_year(form.save(commit=False), request.user)
            messages.success(
                request,
                f"已保存{saved.year}年的放假安排，工作日和法定期限即刻按新数据计算。",
            )
            return redirect("workcalendar:year", year=saved.year)
    else:
        form = CalendarYearForm(instance=row, initial=_initial_for(year) if creating else None)
    if not creating:
        shown_year = row.year
    else:
        shown_year = year or _parse_year(request.POST.get("year"))
    context: dict = {"form": form, "creating": creating, "year": shown_year}
    if form.arrangement is not None:
        holidays, makeup = _arrangement_rows(form.arrangement)
        context.update(
            _grid_context(form.calendar, form.arrangement.year),
            preview=form.arrangement,
            holidays=holidays,
            makeup=makeup,
        )
    if shown_year is not None:
        context["builtin"] = services.BUILTIN.get(shown_year)
    if creating:
        title = f"录入{shown_year}年放假安排" if shown_year else "录入一年的放假安排"
    else:
        title = f"修改{row.year}年放假安排"
    return _page(request, "workcalendar/edit.html", title, _index_trail(), **context)


@require_http_methods(["GET", "POST"])
def delete(request, year: int):
    _require(request)
    row = get_object_or_404(CalendarYear, year=year)
    status = services.year_status(year)
    if request.method == "POST":
        services.delete_year(row, request.user)
        fallback = "内置的国务院办公厅通知" if year in services.BUILTIN else "暂定安排"
        messages.success(request, f"已删除录入的{year}年放假安排，{year}年现按{fallback}计算。")
        return redirect("workcalendar:year", year=year)
    return _page(
        request,
        "workcalendar/delete.html",
        f"删除录入的{year}年放假安排",
        _index_trail(),
        row=row,
        status=status,
        builtin=services.BUILTIN.get(year),
    )
