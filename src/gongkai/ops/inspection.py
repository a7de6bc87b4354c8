"""Site self-inspection (值班读网): what the daily check looks for, and how a finding stays
open across days until a run no longer sees it.

Two kinds of check. The crawl (crawler.py) reads the public site over HTTP: dead internal
links and attachments, external links (reported as 提示, never as problems), and pages whose
footer lacks 网站标识码, ICP备案号 or 公安备案号 (国办发〔2017〕47号). The database checks ask
the domain services: columns past their update cycle (国办秘函〔2019〕19号), empty columns,
留言 past their reply deadline or unanswered for 3 months, disclosure requests overdue or due
within 3 working days (条例第三十三条), proactive information past Art. 26's 20 working days,
consultations about to close. Every deadline is counted on the official working-day
calendar, never in plain days.

De-duplication: an observation is named by a fingerprint (its kind and the thing it is
about). A run updates the open finding with that fingerprint or opens a new one; an open
finding of a kind the run checked that the run did not see is closed with the run's day.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import columns as standard
from gongkai.catalog.models import Column, Disclosure, Document, ListingEntry
from gongkai.ops import crawler
from gongkai.ops.models import (
    Finding,
    FindingKind,
    InspectionRun,
    RunStatus,
    Severity,
    Trigger,
)
from gongkai.orgs.models import Unit

K = FindingKind
CRAWL_KINDS = frozenset({K.DEAD_LINK, K.DEAD_ATTACHMENT, K.EXTERNAL_LINK, K.FOOTER, K.SITE_DOWN})
DATABASE_KINDS = frozenset(set(K) - CRAWL_KINDS)
NOTICE_KINDS = frozenset({K.EXTERNAL_LINK, K.REQUEST_DUE, K.CONSULTATION_ENDING})
# Column names of news-like columns, which go stale after GONGKAI_INSPECT_NEWS_DAYS.
NEWS_NAMES = re.compile(r"动态|要闻|新闻|通知公告|工作信息")
POLICY_NAMES = re.compile(r"政策|文件|规划|法规")


@dataclass(frozen=True)
class Observation:
    kind: str
    key: str  # what the problem is about; with `kind`, its identity across days
    title: str
    unit_id: int | None = None
    detail: str = ""
    url: str = ""
    fix_url: str = ""
    identity: str = ""  # overrides kind+key when a problem changes kind (overdue → 3 months)

    @property
    def fingerprint(self) -> str:
        text = self.identity or f"{self.kind}:{self.key}"
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def severity(self) -> str:
        return Severity.NOTICE if self.kind in NOTICE_KINDS else Severity.PROBLEM


def config(name: str):
    return getattr(settings, name, DEFAULTS[name])


DEFAULTS = {
    "GONGKAI_INSPECT_NEWS_DAYS": 14,
    "GONGKAI_INSPECT_POLICY_DAYS": 182,
    "GONGKAI_INSPECT_REQUEST_DAYS": 3,
    "GONGKAI_INSPECT_CONSULT_DAYS": 3,
    "GONGKAI_INSPECT_LATE_WINDOW_DAYS": 30,
    "GONGKAI_INSPECT_MAX_PAGES": 2000,
    "GONGKAI_INSPECT_TIMEOUT": 10.0,
    "GONGKAI_INSPECT_WORKERS": 4,
    "GONGKAI_INSPECT_EXTERNAL": True,
    "GONGKAI_INSPECT_SKIP_PATHS": (),
}


def _edit_url(model, pk: int) -> str:
    return reverse(model.snippet_viewset.get_url_name("edit"), args=[pk])


# Columns ---------------------------------------------------------------------------------


def update_cycle(column: Column) -> int | None:
    """Days a column may go without a new item: its own setting, else by what it holds
    (news 2 weeks, policy 6 months), else none (a guide is not "updated" on a cycle)."""
    if column.update_cycle_days:
        return column.update_cycle_days
    if NEWS_NAMES.search(column.name) or column.key in ("news", "dynamics", "notices"):
        return config("GONGKAI_INSPECT_NEWS_DAYS")
    if POLICY_NAMES.search(column.name):
        return config("GONGKAI_INSPECT_POLICY_DAYS")
    return None


def check_columns(today: date) -> list[Observation]:
    """Stale columns (past their update cycle) and empty ones (nothing published)."""
    latest = dict(
        ListingEntry.objects.filter(
            published_on__lte=today,
            document__live=True,
            document__disclosure=Disclosure.PROACTIVE,
        )
        .values("column")
        .annotate(latest=Max("published_on"))
        .values_list("column", "latest")
    )
    found = []
    columns = Column.objects.filter(unit__is_active=True).select_related("unit")
    for column in columns:
        public = column.get_absolute_url()
        fix = _edit_url(Column, column.pk)
        newest = latest.get(column.pk)
        if newest is None and column.key == standard.REQUEST:
            continue  # its page always shows how to apply (requests.public_views.column_guide)
        if newest is None:
            found.append(
                Observation(
                    K.EMPTY_COLUMN,
                    str(column.pk),
                    f"栏目“{column.name}”没有已公开的内容",
                    column.unit_id,
                    "空白栏目影响公众查阅，应发布内容或调整栏目设置。",
                    public,
                    fix,
                )
            )
            continue
        cycle = update_cycle(column)
        if cycle and (today - newest).days > cycle:
            found.append(
                Observation(
                    K.STALE_COLUMN,
                    str(column.pk),
                    f"栏目“{column.name}”已{(today - newest).days}天未更新（更新周期{cycle}天）",
                    column.unit_id,
                    f"最近一次发布：{newest:%Y-%m-%d}。更新周期可在栏目设置中调整。",
                    public,
                    fix,
                )
            )
    newest = (
        Document.objects.public()
        .filter(unit__is_active=True, published_on__lte=today)
        .aggregate(d=Max("published_on"))
    )["d"]
    cycle = config("GONGKAI_INSPECT_NEWS_DAYS")
    if newest is not None and (today - newest).days > cycle:
        root = Unit.objects.active().filter(parent__isnull=True).order_by("position", "pk").first()
        found.append(
            Observation(
                K.STALE_HOME,
                "home",
                f"首页已{(today - newest).days}天没有新信息（应每{cycle}天内更新）",
                root.pk if root else None,
                f"全站最近一次发布：{newest:%Y-%m-%d}。",
                reverse("portal:home"),
                reverse(Document.snippet_viewset.get_url_name("add")),
            )
        )
    return found


# 留言 -------------------------------------------------------------------------------------


def check_messages(today: date) -> list[Observation]:
    from gongkai.interaction.messages import services
    from gongkai.interaction.messages.models import Message

    long = set(services.long_unanswered(Message.objects.all(), today).values_list("pk", flat=True))
    found = []
    for message in services.overdue(Message.objects.all(), today).select_related("unit"):
        is_long = message.pk in long
        found.append(
            Observation(
                K.MESSAGE_LONG if is_long else K.MESSAGE_OVERDUE,
                str(message.pk),
                (
                    f"留言（查询码 {message.code}）超过3个月未答复"
                    if is_long
                    else f"留言（查询码 {message.code}）已逾期未答复"
                ),
                message.unit_id,
                f"{message.get_kind_display()}留言，{message.received_on:%Y-%m-%d}受理，"
                f"应于{message.due_on:%Y-%m-%d}前答复。",
                "",
                reverse("messages_admin:detail", args=[message.pk]),
                identity=f"message:{message.pk}",
            )
        )
    return found


# 依申请公开 -------------------------------------------------------------------------------


def check_requests(today: date) -> list[Observation]:
    from gongkai.requests import services
    from gongkai.requests.models import RequestCase

    soon = config("GONGKAI_INSPECT_REQUEST_DAYS")
    cal = services.calendar()
    cases = (
        RequestCase.objects.filter(answered_on__isnull=True, closed_on__isnull=True)
        .select_related("unit")
        .prefetch_related("events")
    )
    found = []
    for case in cases:
        status = services.status(case, today=today, cal=cal)
        if status.days_left is None or status.waiting_for:
            continue  # answered, or the clock is stopped (补正, consultation, fees)
        provisional = "（暂定）" if status.provisional else ""
        due = f"答复期限{status.deadline.due:%Y-%m-%d}{provisional}"
        if status.overdue:
            obs = (K.REQUEST_OVERDUE, f"已逾期{-status.days_left}个工作日")
        elif status.days_left <= soon:
            obs = (K.REQUEST_DUE, f"还剩{status.days_left}个工作日到期")
        else:
            continue
        found.append(
            Observation(
                obs[0],
                str(case.pk),
                f"依申请公开（查询码 {case.code}）{obs[1]}",
                case.unit_id,
                f"{case.received_on:%Y-%m-%d}收到申请，{due}。",
                "",
                reverse("foi_admin:case", args=[case.pk]),
                identity=f"request:{case.pk}",
            )
        )
    return found


# 主动公开时效 (Art. 26) ---------------------------------------------------------------------


def check_timeliness(today: date) -> list[Observation]:
    """Proactive information not published 20 working days after it was formed (逾期未公开),
    and, for a while after, information that was published late (逾期公开)."""
    from gongkai.publishing import timeliness
    from gongkai.workcalendar.services import official_calendar

    window = today - timedelta(days=config("GONGKAI_INSPECT_LATE_WINDOW_DAYS"))
    cal = official_calendar().official
    docs = (
        Document.objects.filter(disclosure=Disclosure.PROACTIVE, withdrawn_at__isnull=True)
        .exclude(live=True, published_on__lt=window)
        .select_related("unit")
        .only("pk", "title", "unit", "written_on", "formed_on", "published_on", "live")
    )
    found = []
    for doc in docs:
        result = timeliness.assess(doc.due_from, doc.published_on if doc.live else None, today, cal)
        if result.state not in (timeliness.State.LATE, timeliness.State.OVERDUE):
            continue
        found.append(
            Observation(
                K.LATE_PUBLICATION,
                str(doc.pk),
                f"《{doc.title}》{result.label}",
                doc.unit_id,
                f"形成日期{doc.due_from:%Y-%m-%d}，应于{result.due_on:%Y-%m-%d}前公开"
                "（条例第二十六条：20个工作日内）。",
                doc.get_absolute_url() if doc.live else "",
                _edit_url(Document, doc.pk),
            )
        )
    return found


# 意见征集 ---------------------------------------------------------------------------------


def check_consultations(today: date) -> list[Observation]:
    from gongkai.interaction.consultations import services
    from gongkai.interaction.consultations.models import Consultation

    last = today + timedelta(days=config("GONGKAI_INSPECT_CONSULT_DAYS"))
    found = []
    for c in (
        Consultation.objects.public()
        .filter(starts_on__lte=today, ends_on__gte=today, ends_on__lte=last)
        .select_related("unit")
    ):
        left = services.days_left(c, today)
        found.append(
            Observation(
                K.CONSULTATION_ENDING,
                str(c.pk),
                f"意见征集“{c.title}”还有{left}天截止",
                c.unit_id,
                f"征集期至{c.ends_on:%Y-%m-%d}。截止后请及时汇总意见并公布采纳情况反馈。",
                c.get_absolute_url(),
                _edit_url(Consultation, c.pk),
            )
        )
    return found


DATABASE_CHECKS = (
    check_columns,
    check_messages,
    check_requests,
    check_timeliness,
    check_consultations,
)


def database_observations(today: date) -> list[Observation]:
    return [obs for check in DATABASE_CHECKS for obs in check(today)]


# The crawl ---------------------------------------------------------------------------------

UNIT_PATH = re.compile(r"^/(?:u|d)/(?P<code>[0-9A-Za-z]{3,20})/")


def _unit_of(url: str, units: dict[str, int]) -> int | None:
    match = UNIT_PATH.match(urlsplit(url).path)
    return units.get(match["code"]) if match else None


def _document_of(url: str) -> Document | None:
    match = re.match(r"^/d/([0-9A-Za-z]{3,20})/([^/]+)/$", urlsplit(url).path)
    if not match:
        return None
    return Document.objects.filter(index_no=f"{match[1]}/{match[2]}").only("pk").first()


def _status(fetched: crawler.Fetched) -> str:
    return f"HTTP {fetched.status}" if fetched.status else f"无响应（{fetched.error}）"


def crawl_observations(result: crawler.CrawlResult) -> list[Observation]:
    if not result.reachable:
        return [
            Observation(
                K.SITE_DOWN,
                result.base_url,
                f"网站首页无法访问：{result.base_url}",
                detail="请检查网站服务是否正常运行。",
                url=result.base_url,
            )
        ]
    units = dict(Unit.objects.values_list("code", "pk"))
    found = []
    for fetched, links in result.dead:
        attachment = "/a/" in urlsplit(fetched.url).path
        by_unit: dict[int | None, list[str]] = defaultdict(list)
        for link in links:
            by_unit[_unit_of(link.source, units)].append(link.source)
        if len(by_unit) > 1:
            # On the pages of several units, or on site pages: the templates' link, one
            # site-wide finding for the disclosure office rather than one per unit.
            by_unit = {None: [link.source for link in links]}
        for unit_id, pages in by_unit.items():
            doc = _document_of(pages[0])
            path = urlsplit(fetched.url).path
            found.append(
                Observation(
                    K.DEAD_ATTACHMENT if attachment else K.DEAD_LINK,
                    f"{fetched.url}|{unit_id}",
                    f"{'附件' if attachment else '链接'} {path} 无法打开（{_status(fetched)}）",
                    unit_id,
                    "所在网页：" + "、".join(pages),
                    pages[0],
                    _edit_url(Document, doc.pk) if doc else "",
                )
            )
    for fetched, links in result.external_dead:
        source = links[0].source if links else ""
        doc = _document_of(source)
        found.append(
            Observation(
                K.EXTERNAL_LINK,
                fetched.url,
                f"外部链接 {fetched.url} 无法访问（{_status(fetched)}）",
                _unit_of(source, units),
                "所在网页：" + "、".join(link.source for link in links),
                source,
                _edit_url(Document, doc.pk) if doc else "",
            )
        )
    for mark, pages in result.missing_footer.items():
        found.append(
            Observation(
                K.FOOTER,
                mark,
                f"{len(pages)}个网页的页脚缺少{mark}",
                detail="例如："
                + "、".join(pages[:10])
                + "。页脚标识在配置中设置（GONGKAI_SITE_CODE、GONGKAI_ICP、GONGKAI_POLICE_RECORD）。",
                url=pages[0],
            )
        )
    return found


# Recording ---------------------------------------------------------------------------------


@transaction.atomic
def record(run: InspectionRun, observations: list[Observation], checked: frozenset[str]) -> None:
    """Open, refresh and close findings for one run (the de-duplication rule above)."""
    day = run.day
    open_by_print = {f.fingerprint: f for f in Finding.objects.open().select_for_update()}
    seen: set[str] = set()
    new = 0
    for obs in observations:
        fp = obs.fingerprint
        if fp in seen:
            continue
        seen.add(fp)
        fields = {
            "kind": obs.kind,
            "severity": obs.severity,
            "unit_id": obs.unit_id,
            "title": obs.title[:300],
            "detail": obs.detail,
            "url": obs.url[:500],
            "fix_url": obs.fix_url[:500],
            "last_seen": day,
            "last_run": run,
        }
        finding = open_by_print.get(fp)
        if finding is None:
            Finding.objects.create(fingerprint=fp, first_seen=day, first_run=run, **fields)
            new += 1
        else:
            for name, value in fields.items():
                setattr(finding, name, value)
            finding.save()
    closed = 0
    for fp, finding in open_by_print.items():
        if fp not in seen and finding.kind in checked:
            finding.closed_on = max(day, finding.first_seen)
            finding.last_run = run
            finding.save(update_fields=["closed_on", "last_run"])
            closed += 1
    run.new_count = new
    run.closed_count = closed
    run.open_count = Finding.objects.open().count()


def run(
    *,
    base_url: str | None = None,
    crawl: bool = True,
    today: date | None = None,
    trigger: str = Trigger.SCHEDULE,
    user=None,
    send_mail: bool = True,
    max_pages: int | None = None,
) -> InspectionRun:
    """One inspection: crawl (unless told not to), ask the database, record, mail units."""
    today = today or timezone.localdate()
    base_url = base_url or settings.GONGKAI_BASE_URL
    inspection = InspectionRun.objects.create(
        day=today, trigger=trigger, started_by=user, base_url=base_url if crawl else ""
    )
    observations = database_observations(today)
    checked = set(DATABASE_KINDS)
    if crawl:
        result = crawler.crawl(
            base_url,
            max_pages=max_pages or config("GONGKAI_INSPECT_MAX_PAGES"),
            timeout=float(config("GONGKAI_INSPECT_TIMEOUT")),
            workers=int(config("GONGKAI_INSPECT_WORKERS")),
            check_external_links=bool(config("GONGKAI_INSPECT_EXTERNAL")),
            skip_prefixes=crawler.SKIP_PREFIXES + tuple(config("GONGKAI_INSPECT_SKIP_PATHS")),
        )
        observations += crawl_observations(result)
        inspection.crawled = True
        inspection.pages = len(result.pages)
        inspection.links = result.checked + result.external_checked
        if result.reachable:
            checked |= CRAWL_KINDS
            if not config("GONGKAI_INSPECT_EXTERNAL"):
                checked.discard(K.EXTERNAL_LINK)  # not checked: leave what was seen open
        else:
            checked.add(K.SITE_DOWN)
            inspection.status = RunStatus.SITE_DOWN
    record(inspection, observations, frozenset(checked))
    if inspection.status == RunStatus.RUNNING:
        inspection.status = RunStatus.DONE
    inspection.finished_at = timezone.now()
    inspection.save()
    if send_mail:
        from gongkai.ops import dutylog

        dutylog.mail_units(today)
    return inspection
