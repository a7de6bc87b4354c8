"""The demo county's annual reports: 2014 backfilled from the seed page's figures, and the last
two full years computed from generated request cases, appeals and decision records.

Everything is deterministic (seeded by the year), invented, and idempotent: a report that
already has its document is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.catalog import columns as standard
from gongkai.catalog.models import Document
from gongkai.orgs.models import Unit
from gongkai.reports import narrative, tables
from gongkai.reports.models import AnnualReport, DecisionRecord, ReportSource, ReportStatus
from gongkai.requests import services
from gongkai.requests.models import RequestCase
from gongkai.requests.taxonomy import EventKind

COUNTY = "620321000"
# Units that received requests in the generated years, with how many a year (min, max).
REQUEST_UNITS = {
    "620321003": (4, 8),  # 教育局
    "620321004": (2, 5),  # 公安局
    "620321009": (3, 6),  # 自然资源局
    "620321011": (2, 5),  # 住房和城乡建设局
    "620321021": (1, 3),  # 城关镇
}
APPLICANTS = [("natural_person", 70), ("business", 12), ("research", 3), ("public_welfare", 3),
              ("legal_service", 7), ("other_org", 5)]  # fmt: skip
OUTCOMES = [("disclosed", 40), ("partial", 14), ("withheld_4", 4), ("withheld_6", 4),
            ("withheld_7", 2), ("unavailable_1", 14), ("unavailable_2", 5), ("unavailable_3", 2),
            ("not_processed_1", 4), ("not_processed_2", 3), ("other_1", 3), ("other_3", 2)]  # fmt: skip
SUBJECTS = ["征收补偿方案和补偿标准", "建设项目环境影响评价批复", "学校招生划片范围",
            "道路改造工程招标文件", "低保审批名单", "行政处罚决定书", "土地出让合同",
            "财政专项资金分配明细", "城中村改造规划", "校车采购合同"]  # fmt: skip
SEED_NOTE = (
    "本年报依据2015年公开的原报告补录。原报告载明：2014年全县收到依申请公开信件1件，已办理；"
    "未收取费用；未发生行政复议、行政诉讼。原报告未载明申请人类型和办理结果，补录时计入"
    "“自然人”列和“（六）其他处理 3.其他”行；第二部分各项原报告未按现行格式统计，记为0。"
)
DEMO_FILL = {
    "【请补充】（工作部署、制度建设、平台建设、监督保障等情况）": "坚持以公开为常态、不公开为例外，"
    "完善政府信息公开工作制度，依托政府信息公开平台统一发布政府信息",
    "本年度改进情况：【请补充】": "本年度改进情况：已按要求整改。",
    "存在的主要问题及下一步改进措施：【请补充】": "存在的主要问题及下一步改进措施：部分栏目更新不够及时，"
    "下一步将加强日常巡查和时效管理。",
    "其他需要报告的事项：【请补充】（如无，写“无”）。": "无其他需要报告的事项。",
}


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _working_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    cal = services.calendar()
    while True:
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        if cal.is_working_day(day):
            return day


def generate_cases(year: int, units: dict[str, Unit]) -> int:
    """A year of requests at REQUEST_UNITS: answered within the deadline (a few in the next
    January: carried over), two appeals."""
    from gongkai.ops.demo import _demo_id

    rng = random.Random(year)
    officer = get_user_model().objects.filter(username="xinxiyuan").first()
    made = 0
    for code, (low, high) in REQUEST_UNITS.items():
        unit = units[code]
        for i in range(rng.randint(low, high)):
            description = f"{year}年{rng.choice(SUBJECTS)}（演示{code[-3:]}-{i}）"
            if RequestCase.objects.filter(unit=unit, description=description).exists():
                continue
            kind = _pick(rng, APPLICANTS)
            person = kind == "natural_person"
            last_case = i == 0 and code == "620321003"  # one a year arrives late in December
            received = (
                _working_day(rng, dt.date(year, 12, 22), dt.date(year, 12, 30))
                if last_case
                else _working_day(rng, dt.date(year, 1, 5), dt.date(year, 11, 30))
            )
            case = services.file_request(
                unit=unit,
                channel=rng.choice(["online", "online", "in_person", "post"]),
                received_on=received,
                applicant_type=kind,
                applicant_name=("申请人" if person else "某某单位") + f"{year % 100}{code[-2:]}{i}",
                id_kind="resident_id" if person else "other",
                id_number=_demo_id(i % 40 + 1) if person else f"DEMO{year}{code[-3:]}{i}",
                phone=f"139{rng.randint(10000000, 99999999)}",
                description=description,
                preferred_form="electronic",
                delivery="online",
                handler=officer,
            )
            due = services.deadline(case).due
            span = max(1, (due - received).days)
            answered = received + dt.timedelta(days=rng.randint(max(1, span // 3), span))
            outcome = _pick(rng, OUTCOMES)
            services.record_event(case, EventKind.ACCEPTED, on=received, user=officer)
            services.record_event(
                case, EventKind.ANSWERED, on=answered, user=officer, outcome=outcome
            )
            services.record_event(case, EventKind.CLOSED, on=answered, user=officer)
            if i == 1 and code == "620321009":  # a 复议 against a 自然资源局 answer, upheld
                services.record_event(
                    case,
                    EventKind.RECONSIDERATION,
                    on=answered + dt.timedelta(days=20),
                    data={"organ": "永昌县人民政府", "result": "upheld"},
                )
            if i == 1 and code == "620321011":  # a direct suit, decided or not by year end
                filed = answered + dt.timedelta(days=30)
                if filed.year == year:
                    services.record_event(
                        case,
                        EventKind.LITIGATION,
                        on=filed,
                        data={"organ": "永昌县人民法院", "result": "pending"},
                    )
            made += 1
    return made


def generate_decisions(year: int, units: dict[str, Unit]) -> None:
    """Monthly totals of licences and penalties, and fees, as an office would import them."""
    rng = random.Random(year * 7)
    if DecisionRecord.objects.filter(batch=f"demo-{year}").exists():
        return
    rows = []
    for code, kind in (("620321004", "penalty"), ("620321011", "licensing"),
                       ("620321009", "licensing"), ("620321004", "compulsory")):  # fmt: skip
        for month in range(1, 13):
            rows.append(
                DecisionRecord(
                    unit=units[code],
                    kind=kind,
                    decided_on=dt.date(year, month, 28),
                    count=rng.randint(1, 30),
                    note="月度合计（演示）",
                    batch=f"demo-{year}",
                )
            )
    rows.append(
        DecisionRecord(
            unit=units["620321009"],
            kind="fee",
            decided_on=dt.date(year, 12, 31),
            amount_yuan=Decimal(rng.randint(100000, 900000)) / 100,
            note="全年合计（演示）",
            batch=f"demo-{year}",
        )
    )
    DecisionRecord.objects.bulk_create(rows)


def publish_year(year: int, units: dict[str, Unit]) -> int:
    """Each unit's report (published 20 January) and the county's (20 March)."""
    made = 0
    codes = [*REQUEST_UNITS, COUNTY]
    for code in codes:
        unit = units[code]
        record = AnnualReport.objects.filter(unit=unit, year=year).first()
        if record is not None and record.frozen_sections:
            continue
        text = narrative.drafts(unit, year)
        for draft, fill in DEMO_FILL.items():
            text = {k: v.replace(draft, fill) for k, v in text.items()}
        # demo_data wrote a prose report for every year; this year's computed one replaces
        # its text at the same address.
        prose = Document.objects.filter(
            unit=unit,
            columns__key=standard.ANNUAL_REPORT,
            title=f"{unit.name}{year}年政府信息公开工作年度报告",
        ).first()
        AnnualReport.objects.update_or_create(
            unit=unit, year=year,
            defaults={"source": ReportSource.COMPUTED, "general": text["一"],
                      "problems": text["五"], "other_matters": text["六"], "document": prose},
        )  # fmt: skip
        day = dt.date(year + 1, 3 if code == COUNTY else 1, 20)
        narrative.generate_document(unit, year, live=True, published_on=day)
        submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        AnnualReport.objects.filter(unit=unit, year=year).update(
            status=ReportStatus.PUBLISHED, submitted_at=submitted
        )
        made += 1
    return made


def backfill_2014(county: Unit) -> None:
    """The seed's 2014 report (already imported with its figures) gets its tables."""
    record = AnnualReport.objects.filter(unit=county, year=2014).first()
    if record is None or record.frozen_sections:
        return
    data = tables.as_json(tables.AnnualTables())
    received = record.requests_received or 0
    for row in data["三"]["rows"]:
        if row["label"] in (
            "一、本年新收政府信息公开申请数量",
            "（六）其他处理",
            "3.其他",
            "（七）总计",
        ):
            row["values"]["自然人"] = row["values"]["总计"] = received
    assert not tables.check(tables.from_json(data))
    record.frozen_sections = data
    record.other_matters = SEED_NOTE
    record.save(update_fields=["frozen_sections", "other_matters"])


def create_demo_reports(units: dict[str, Unit]) -> int:
    backfill_2014(units[COUNTY])
    this_year = timezone.localdate().year
    made = 0
    for year in (this_year - 2, this_year - 1):
        generate_cases(year, units)
        generate_decisions(year, units)
        made += publish_year(year, units)
    return made
