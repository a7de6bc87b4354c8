"""Factual drafts of the sections staff write (一、五、六), and the report's text as a document.

The drafts state only what the records show — items published by column, requests received,
answered and answered on time, fees charged, last year's figures and last year's problems —
and leave the rest for staff to write, marked 【请补充】. Staff edit them in the back office.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from html import escape

from django.db import transaction
from django.utils import timezone

from gongkai.catalog import columns as standard
from gongkai.catalog.models import Column, Document
from gongkai.reports import compute, tables
from gongkai.reports.models import AnnualReport
from gongkai.requests import services as request_services
from gongkai.requests.models import CaseEvent, RequestCase
from gongkai.requests.taxonomy import EventKind

TODO = "【请补充】"


def _change(now: int, before: int | None) -> str:
    if before is None:
        return ""
    if now == before:
        return "，与上年持平"
    return f"，比上年{'增加' if now > before else '减少'}{abs(now - before)}件（上年{before}件）"


def facts(unit, year: int) -> dict:
    """The figures the drafts quote, for the units the report covers."""
    ids = compute.covered_units(unit)
    published = Document.objects.public().filter(unit_id__in=ids, published_on__year=year)
    by_column: Counter[str] = Counter()
    for name in published.values_list("columns__name", flat=True):
        if name:
            by_column[name] += 1
    cases = RequestCase.objects.filter(unit_id__in=ids).prefetch_related("events")
    received = [c for c in cases if c.received_on.year == year]
    answered = [c for c in cases if c.answered_on and c.answered_on.year == year]
    cal = request_services.calendar()
    on_time = sum(1 for c in answered if c.answered_on <= request_services.deadline(c, cal=cal).due)
    fees = CaseEvent.objects.filter(
        case__unit_id__in=ids, kind=EventKind.FEE_PAID, on__year=year
    ).values_list("data", flat=True)
    fee_total = sum((Decimal(str(d.get("amount") or 0)) for d in fees), Decimal(0))
    # Last year's figures only where last year's report exists: before the platform was used
    # a computed zero would be a false comparison.
    last = compute.build(unit, year - 1) if year > 2008 else None
    last_new = None
    if last is not None and last.record is not None:
        last_new = last.tables.three.get("new", tables.TOTAL)
    return {
        "published": published.count(),
        "by_column": by_column.most_common(5),
        "received": len(received),
        "answered": len(answered),
        "on_time": on_time,
        "fee_count": len(fees),
        "fee_total": fee_total,
        "last_new": last_new,
        "last_problems": (last.record.problems if last and last.record else ""),
    }


def drafts(unit, year: int) -> dict[str, str]:
    """Drafts of 一、五、六 from the records."""
    f = facts(unit, year)
    columns = "、".join(f"“{name}”{n}条" for name, n in f["by_column"])
    general = [
        f"{year}年，{unit.name}认真贯彻落实《中华人民共和国政府信息公开条例》，{TODO}（工作部署、"
        "制度建设、平台建设、监督保障等情况）。",
        f"主动公开方面，全年通过本平台主动公开政府信息{f['published']}条"
        + (f"，其中{columns}" if columns else "")
        + "。",
        f"依申请公开方面，全年新收政府信息公开申请{f['received']}件{_change(f['received'], f['last_new'])}；"
        f"作出答复{f['answered']}件，其中在法定期限内答复{f['on_time']}件。",
    ]
    problems = []
    if f["last_problems"].strip():
        problems.append(f"上年度报告提出的问题：{f['last_problems'].strip()}")
        problems.append(f"本年度改进情况：{TODO}")
    problems.append(f"存在的主要问题及下一步改进措施：{TODO}")
    if f["fee_count"]:
        fee = f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{f['fee_count']}笔，共计{f['fee_total']}元。"
    else:
        fee = "本年度未收取信息处理费。"
    other = [fee, f"其他需要报告的事项：{TODO}（如无，写“无”）。"]
    return {"一": "\n\n".join(general), "五": "\n\n".join(problems), "六": "\n\n".join(other)}


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def body_html(report: compute.Report) -> str:
    """The document body: the narrative sections and the three tables, in the format's order."""
    from gongkai.reports import render

    data = report.for_render()
    parts = []
    for key in ("一", "二", "三", "四", "五", "六"):
        parts.append(f"<h2>{escape(render.HEADINGS[key])}</h2>")
        if key in ("二", "三", "四"):
            parts.append(render.render_html_table(data, key))
        else:
            parts.append(_paragraphs(data["narrative"].get(key, "")) or "<p>无。</p>")
    return "\n".join(parts)


class ReportNotReady(ValueError):
    def __init__(self, errors) -> None:
        self.errors = list(errors)
        super().__init__("；".join(e.message_zh for e in self.errors))


class ReportAlreadyPublished(ValueError):
    def __init__(self, document) -> None:
        self.document = document
        super().__init__("该年报已经公开。公开后的年报只能在“政府信息”中修改并重新提交审核。")


@transaction.atomic
def generate_document(
    unit, year: int, *, user=None, live: bool = False, published_on: date | None = None
):
    """Fix the tables and write the report as a document in the unit's 年报 column.

    Refuses (ReportNotReady) when an identity is broken. The document is a draft that goes
    through the review like any other (``live=True`` only for the demo and imports)."""
    report = compute.build(unit, year)
    if report.errors:
        raise ReportNotReady(report.errors)
    record, _ = AnnualReport.objects.get_or_create(
        unit=unit, year=year, defaults={"source": report.source}
    )
    if not (record.general or record.problems or record.other_matters):
        text = drafts(unit, year)
        record.general, record.problems, record.other_matters = text["一"], text["五"], text["六"]
    record.frozen_sections = tables.as_json(report.tables)
    record.source = report.source
    record.save()
    report = compute.build(unit, year)
    column = Column.objects.get(unit=unit, key=standard.ANNUAL_REPORT)
    today = timezone.localdate()
    document = record.document or Document(unit=unit, live=False)
    if document.pk and document.live and not live:
        raise ReportAlreadyPublished(document)
    document.title = report.title
    document.written_on = published_on or today
    document.body = body_html(report)
    if live:
        document.live = True
        document.published_on = published_on or today
        document.first_published_at = document.last_published_at = timezone.now()
    document.save()
    document.columns.set([column])
    document.save()
    if not live:
        document.save_revision(user=user, log_action=True)
    record.document = document
    record.save(update_fields=["document"])
    return document
