"""An annual report's tables from the platform's own records, for one unit or the county.

* Section 三 from the request cases (received, answered, outcome) — tables.section_three.
* Section 四 from the appeal steps of those cases: the first 行政复议 (or 行政诉讼) step of a
  case is the filing, its latest step the result; a suit is 复议后起诉 when the case had a
  行政复议 step before it.
* Section 二 from published 规章/行政规范性文件 and the imported decision and fee records.

A year the platform has no records for (before it was used) is backfilled: staff type the
tables (AnnualReport.frozen_sections, the JSON shape of ``gongkai annual-report --format json``),
checked by the same identities. When a computed report's text is generated for publication its
tables are frozen the same way, so the published report never changes afterwards.

Whose figures: a unit's report counts that unit; the county government's report (the root of
the unit tree) sums its own figures with every unit below it that reports through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.reports import tables
from gongkai.reports.models import AnnualReport, ReportSource
from gongkai.reports.services import section_two_figures
from gongkai.requests.models import RequestCase
from gongkai.requests.taxonomy import EventKind


def covered_units(unit: Unit) -> list[int]:
    """The units whose figures the unit's report contains."""
    if unit.parent_id is not None:
        return [unit.pk]
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = [], [unit.pk]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, ()))
    return sorted(found)


def case_facts(unit_ids) -> list[tables.CaseFacts]:
    return [
        tables.CaseFacts(
            applicant_type=c.applicant_type,
            received_on=c.received_on,
            answered_on=c.answered_on,
            outcome=c.outcome,
            ref=c.code,
        )
        for c in RequestCase.objects.filter(unit_id__in=unit_ids).only(
            "applicant_type", "received_on", "answered_on", "outcome", "tracking_code"
        )
    ]


def appeal_facts(unit_ids) -> list[tables.AppealFacts]:
    appeals = []
    cases = RequestCase.objects.filter(
        unit_id__in=unit_ids,
        events__kind__in=[EventKind.RECONSIDERATION, EventKind.LITIGATION],
    ).distinct()
    for case in cases.prefetch_related("events"):
        events = sorted(case.events.all(), key=lambda e: (e.on, e.pk))
        for kind, name in (
            (EventKind.RECONSIDERATION, "reconsideration"),
            (EventKind.LITIGATION, "litigation"),
        ):
            steps = [e for e in events if e.kind == kind]
            if not steps:
                continue
            first, last = steps[0], steps[-1]
            result = last.data.get("result") or "pending"
            after = kind == EventKind.LITIGATION and any(
                e.kind == EventKind.RECONSIDERATION and e.on <= first.on for e in events
            )
            appeals.append(
                tables.AppealFacts(
                    kind=name,
                    result=result,
                    after_reconsideration=after,
                    on=first.on,
                    decided_on=None if result == "pending" else last.on,
                    ref=case.code,
                )
            )
    return appeals


def section_two(unit_ids, year: int) -> tables.SectionTwo:
    f = section_two_figures(unit_ids, year)
    return tables.SectionTwo(
        rules_issued=f.issued["rule"],
        rules_repealed=f.repealed["rule"],
        rules_in_force=f.in_force["rule"],
        normative_issued=f.issued["normative"],
        normative_repealed=f.repealed["normative"],
        normative_in_force=f.in_force["normative"],
        licensing_decisions=f.decisions["licensing"],
        penalty_decisions=f.decisions["penalty"],
        compulsion_decisions=f.decisions["compulsory"],
        fees_wan_yuan=tables.wan_yuan(f.fees_yuan),
    )


@dataclass(frozen=True)
class Report:
    unit: Unit
    year: int
    tables: tables.AnnualTables
    source: str  # ReportSource
    record: AnnualReport | None
    errors: tuple[tables.IdentityError, ...]

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    def for_render(self) -> dict[str, Any]:
        """The input of reports.render: the JSON plus who issues it and when."""
        issued = (
            self.record.submitted_at.date() if self.record and self.record.submitted_at else None
        )
        return {
            **self.as_json(),
            "issuer": self.unit.name,
            "issued_on": issued or timezone.localdate(),
        }

    def as_json(self) -> dict[str, Any]:
        record = self.record
        return {
            "unit": self.unit.name,
            "unit_code": self.unit.code,
            "year": self.year,
            "title": self.title,
            "source": self.source,
            "sections": tables.as_json(self.tables),
            "narrative": {
                "一": record.general if record else "",
                "五": record.problems if record else "",
                "六": record.other_matters if record else "",
            },
        }


def build(unit: Unit, year: int) -> Report:
    """The report of `unit` for `year`: typed tables when staff backfilled the year, else
    computed from the records. `errors` lists every identity the tables break."""
    record = AnnualReport.objects.filter(unit=unit, year=year).first()
    if record is not None and record.frozen_sections:
        data = tables.from_json(record.frozen_sections)
        source = record.source
    else:
        ids = covered_units(unit)
        data = tables.AnnualTables(
            two=section_two(ids, year),
            three=tables.section_three(case_facts(ids), year),
            four=tables.section_four(appeal_facts(ids), year),
        )
        source = ReportSource.COMPUTED
    return Report(unit, year, data, source, record, tuple(tables.check(data)))
