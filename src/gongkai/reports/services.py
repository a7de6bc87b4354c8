"""Annual-report data: importing the section 二 decision and fee records staff keep, and the
figures of section 二 from documents and those records."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from gongkai.orgs.models import Unit
from gongkai.reports import decisions
from gongkai.reports.models import DecisionRecord


@dataclass
class DecisionImport:
    """What an import did: the records stored (per kind), or why nothing was stored."""

    created: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    batch: str = ""
    file_error: decisions.FileError | None = None
    errors: list[decisions.RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.errors


def import_decisions(
    unit: Unit,
    data: bytes,
    filename: str,
    *,
    user=None,
    allowed_unit_ids: frozenset[int] | None = None,
) -> DecisionImport:
    """Store every row of the file for `unit` (or the row's 机构代码), or nothing at all.

    `allowed_unit_ids` (None = any) limits which units a row may name, so an officer cannot
    import figures for a unit they do not work for.
    """
    try:
        header, rows = decisions.read_table(data, filename)
    except decisions.FileError as error:
        return DecisionImport(file_error=error)
    parsed, errors = decisions.parse(rows, header)
    codes = {r.unit_code for r in parsed if r.unit_code}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    targets = []
    for row in parsed:
        target = unit
        if row.unit_code:
            target = units.get(row.unit_code)
            if target is None:
                errors.append(
                    decisions.RowError(
                        row.line,
                        "机构代码",
                        f"没有机构代码为“{row.unit_code[:20]}”的机构。",
                        f"No unit has the code {row.unit_code[:20]!r}.",
                    )
                )
                continue
        if allowed_unit_ids is not None and target.pk not in allowed_unit_ids:
            errors.append(
                decisions.RowError(
                    row.line,
                    "机构代码",
                    f"您不能为“{target.name}”导入数据。",
                    f"You may not import figures for {target.code}.",
                )
            )
            continue
        targets.append((row, target))
    if errors:
        errors.sort(key=lambda e: e.line)
        return DecisionImport(errors=errors)
    batch = uuid.uuid4().hex
    with transaction.atomic():
        DecisionRecord.objects.bulk_create(
            DecisionRecord(
                unit=target,
                kind=row.kind,
                decided_on=row.decided_on,
                count=row.count,
                amount_yuan=row.amount_yuan,
                reference=row.reference,
                note=row.note,
                batch=batch,
                created_by=user,
            )
            for row, target in targets
        )
    counts = Counter()
    for row, _ in targets:
        counts[row.kind] += row.count
    return DecisionImport(created=len(targets), by_kind=dict(counts), batch=batch)


# Section 二 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionTwoFigures:
    """The numbers of section 二 for some units and a year, before they are laid out."""

    issued: dict[str, int]  # 本年制发件数 by document form (rule, normative)
    repealed: dict[str, int]  # 本年废止件数 (废止 and 失效 with their date in the year)
    in_force: dict[str, int]  # 现行有效件数 at 31 December
    decisions: dict[str, int]  # licensing, penalty, compulsory: decisions in the year
    fees_yuan: Decimal  # 行政事业性收费 collected in the year, in yuan


def section_two_figures(unit_ids, year: int) -> SectionTwoFigures:
    """规章 and 行政规范性文件 from the published documents the units issued (成文日期 in the
    year; 废止 or 失效 dated in the year; in force at year end = issued by then and not yet
    repealed or expired by then), decisions and fees from the records staff imported."""
    from django.db.models import Q, Sum

    from gongkai.catalog.models import Document, DocumentForm
    from gongkai.reports.models import DecisionKind

    end = date(year, 12, 31)
    documents = Document.objects.filter(
        unit_id__in=unit_ids,
        live=True,
        withdrawn_at__isnull=True,
        form__in=[DocumentForm.RULE, DocumentForm.NORMATIVE],
    )
    issued, repealed, in_force = {}, {}, {}
    for form in (DocumentForm.RULE, DocumentForm.NORMATIVE):
        of_form = documents.filter(form=form)
        issued[form.value] = of_form.filter(written_on__year=year).count()
        repealed[form.value] = of_form.filter(repealed_on__year=year).count()
        in_force[form.value] = (
            of_form.filter(written_on__lte=end)
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
            .count()
        )
    records = DecisionRecord.objects.filter(unit_id__in=unit_ids, decided_on__year=year)
    counts = {
        kind: records.filter(kind=kind).aggregate(n=Sum("count"))["n"] or 0
        for kind in (DecisionKind.LICENSING, DecisionKind.PENALTY, DecisionKind.COMPULSORY)
    }
    fees = records.filter(kind=DecisionKind.FEE).aggregate(s=Sum("amount_yuan"))["s"]
    return SectionTwoFigures(
        issued=issued,
        repealed=repealed,
        in_force=in_force,
        decisions={k.value: v for k, v in counts.items()},
        fees_yuan=Decimal(fees or 0),
    )
