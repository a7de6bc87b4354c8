"""The duty log (值班日志) of a day: the findings that stood open, grouped by unit, the ones
put right that day, the runs and who signed the log off, the trend over the last weeks;
its Excel export and the e-mail each unit gets about its new findings."""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.ops.models import DutyLogReview, Finding, InspectionRun, Severity
from gongkai.orgs.models import Unit
from gongkai.publishing import scope
from gongkai.spreadsheets import safe_cell

TREND_DAYS = 28
SITE_WIDE = "全站（公开办）"


@dataclass
class UnitGroup:
    unit: Unit | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else SITE_WIDE

    @property
    def problems(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.PROBLEM)


@dataclass
class DutyLog:
    day: date
    groups: list[UnitGroup]
    fixed: list[Finding]
    runs: list[InspectionRun]
    reviews: list[DutyLogReview]
    trend: list[tuple[date, int, int]]  # day, open problems, open notices

    @property
    def open_count(self) -> int:
        return sum(len(g.findings) for g in self.groups)

    @property
    def new_count(self) -> int:
        return sum(1 for g in self.groups for f in g.findings if f.first_seen == self.day)

    @property
    def trend_max(self) -> int:
        return max((p + n for _, p, n in self.trend), default=0) or 1


def visible(user, findings=None):
    """The findings a user may see: their units' (scope.py); site-wide ones (no unit) only
    for county-wide roles, which is the disclosure office (公开办) and the administrators."""
    findings = Finding.objects.all() if findings is None else findings
    ids = scope.unit_ids(user)
    if ids is None:
        return findings
    return findings.filter(unit__in=ids)


def day_log(day: date, user, *, unit: Unit | None = None) -> DutyLog:
    findings = visible(user).select_related("unit")
    if unit is not None:
        findings = findings.filter(unit=unit)
    open_ = findings.open_on(day).order_by("unit__position", "unit__code", "kind", "pk")
    groups: OrderedDict[int | None, UnitGroup] = OrderedDict()
    for finding in open_:
        if finding.unit_id is None and None not in groups:
            groups[None] = UnitGroup(None)
        groups.setdefault(finding.unit_id, UnitGroup(finding.unit)).findings.append(finding)
    if None in groups:  # site-wide first: the disclosure office's own items
        groups.move_to_end(None, last=False)
    return DutyLog(
        day=day,
        groups=list(groups.values()),
        fixed=list(findings.filter(closed_on=day).order_by("unit__position", "kind", "pk")),
        runs=list(
            InspectionRun.objects.filter(day=day).select_related("started_by").order_by("pk")
        ),
        reviews=list(DutyLogReview.objects.filter(day=day).select_related("user")),
        trend=trend(findings, day),
    )


def trend(findings, day: date, days: int = TREND_DAYS) -> list[tuple[date, int, int]]:
    """Open problems and notices on each of the last `days` days, oldest first."""
    start = day - timedelta(days=days - 1)
    rows = list(
        findings.filter(first_seen__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=start))
        .values_list("first_seen", "closed_on", "severity")
    )
    series = []
    for offset in range(days):
        d = start + timedelta(days=offset)
        standing = [s for first, closed, s in rows if first <= d and (closed is None or closed > d)]
        problems = sum(1 for s in standing if s == Severity.PROBLEM)
        series.append((d, problems, len(standing) - problems))
    return series


def acknowledge(day: date, user, note: str = "") -> DutyLogReview:
    """Sign the day's log off; a second sign-off by the same person keeps the first."""
    try:
        with transaction.atomic():
            return DutyLogReview.objects.create(day=day, user=user, note=note[:300])
    except IntegrityError:
        return DutyLogReview.objects.get(day=day, user=user)


def who(user) -> str:
    if user is None:
        return "定时任务"
    return user.get_full_name() or user.get_username()


# Excel -------------------------------------------------------------------------------------

XLSX_COLUMNS = (
    "责任机构", "性质", "类别", "问题", "详情", "网页地址", "处理地址", "首次发现", "最近发现",
    "状态",
)  # fmt: skip


def _absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def export_xlsx(log: DutyLog) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "值班日志"
    sheet.append([f"值班日志 {log.day:%Y-%m-%d}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(XLSX_COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    rows = [(g.name, f, "未整改") for g in log.groups for f in g.findings]
    rows += [(f.unit.name if f.unit else SITE_WIDE, f, "当日已整改") for f in log.fixed]
    for unit_name, f, state in rows:
        row = [
            unit_name,
            f.get_severity_display(),
            f.get_kind_display(),
            f.title,
            f.detail,
            _absolute(f.url),
            _absolute(f.fix_url),
            f.first_seen,
            f.last_seen,
            state,
        ]
        sheet.append([safe_cell(v) for v in row])
    for column in ("H", "I"):
        for cell in sheet[column][2:]:
            cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHIJ", (18, 6, 16, 50, 50, 40, 40, 12, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    trend_sheet = book.create_sheet("趋势")
    trend_sheet.append(["日期", "未整改问题", "提示"])
    for d, problems, notices in log.trend:
        trend_sheet.append([d, problems, notices])
    for cell in trend_sheet["A"][1:]:
        cell.number_format = "yyyy-mm-dd"
    reviews = book.create_sheet("签阅")
    reviews.append(["签阅人", "签阅时间", "备注"])
    for review in log.reviews:
        reviews.append(
            [
                safe_cell(who(review.user)),
                timezone.localtime(review.at).replace(tzinfo=None),
                safe_cell(review.note),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# E-mail ------------------------------------------------------------------------------------


def _recipients(unit: Unit | None) -> list[str]:
    """A unit's contact address; site-wide findings go to the top units' (the county's)."""
    if unit is not None:
        return [unit.email] if unit.email else []
    roots = Unit.objects.active().filter(parent__isnull=True).exclude(email="")
    return sorted({u.email for u in roots})


def mail_units(day: date) -> int:
    """E-mail each unit its findings not yet mailed; returns how many messages went out.
    A finding is mailed once, when first seen."""
    pending = (
        Finding.objects.open()
        .filter(notified_at__isnull=True)
        .select_related("unit")
        .order_by("unit_id", "severity", "kind", "pk")
    )
    by_unit: OrderedDict[int | None, list[Finding]] = OrderedDict()
    for finding in pending:
        by_unit.setdefault(finding.unit_id, []).append(finding)
    sent = 0
    log_url = _absolute(f"/admin/dutylog/{day:%Y-%m-%d}/")
    for findings in by_unit.values():
        unit = findings[0].unit
        to = _recipients(unit)
        if to:
            lines = [
                f"{n}. 【{f.get_severity_display()}·{f.get_kind_display()}】{f.title}"
                + (f"\n   {f.detail}" if f.detail else "")
                + (f"\n   处理：{_absolute(f.fix_url)}" if f.fix_url else "")
                + (f"\n   网页：{_absolute(f.url)}" if f.url else "")
                for n, f in enumerate(findings, start=1)
            ]
            name = unit.name if unit else SITE_WIDE
            send_mail(
                subject=f"【值班读网】{name} {day:%Y-%m-%d} 新发现{len(findings)}个问题",
                message=(
                    f"{name}：\n\n{day:%Y年%-m月%-d日}网站自查新发现以下问题，请及时整改；"
                    "整改后次日自查不再发现即自动销号。\n\n"
                    + "\n\n".join(lines)
                    + f"\n\n值班日志：{log_url}"
                ),
                from_email=None,
                recipient_list=to,
            )
            sent += 1
        Finding.objects.filter(pk__in=[f.pk for f in findings]).update(notified_at=timezone.now())
    return sent
