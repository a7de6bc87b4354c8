"""Section 二 from the documents a unit issued and the records it imported."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.catalog.models import DocumentForm, Validity
from gongkai.reports.models import DecisionRecord
from gongkai.reports.services import section_two_figures
from tests.factories import DocumentFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = dt.date


def doc(unit, form, written, repealed=None, **extra):
    return DocumentFactory(
        unit=unit,
        form=form,
        written_on=written,
        published_on=written + dt.timedelta(days=3),
        repealed_on=repealed,
        validity=Validity.REPEALED if repealed else Validity.VALID,
        **extra,
    )


def test_rules_and_normative_documents_issued_repealed_and_in_force():
    unit = UnitFactory(code="620321000", name="永昌县人民政府", short_name="永政")
    other = UnitFactory(code="620321004", name="永昌县公安局", short_name="永公")
    N, R = DocumentForm.NORMATIVE, DocumentForm.RULE
    doc(unit, N, D(2023, 5, 1))  # in force
    doc(unit, N, D(2023, 6, 1), repealed=D(2025, 3, 1))  # repealed this year
    doc(unit, N, D(2025, 2, 1))  # issued and in force
    doc(unit, N, D(2025, 4, 1), repealed=D(2026, 1, 5))  # repealed next year: in force at end
    doc(unit, N, D(2026, 1, 2))  # next year: not counted
    doc(unit, R, D(2025, 7, 1))
    doc(unit, DocumentForm.OTHER, D(2025, 7, 1))  # not a 规章 or 规范性文件
    doc(unit, N, D(2025, 8, 1), live=False)  # a draft is not issued
    doc(other, N, D(2025, 8, 1))  # another unit
    figures = section_two_figures([unit.pk], 2025)
    assert figures.issued == {"rule": 1, "normative": 2}
    assert figures.repealed == {"rule": 0, "normative": 1}
    assert figures.in_force == {"rule": 1, "normative": 3}
    both = section_two_figures([unit.pk, other.pk], 2025)
    assert both.issued["normative"] == 3 and both.in_force["normative"] == 4


def test_decisions_and_fees_come_from_the_imported_records():
    unit = UnitFactory(code="620321005", name="永昌县市场监督管理局", short_name="永市监")
    add = DecisionRecord.objects.create
    add(unit=unit, kind="licensing", decided_on=D(2025, 1, 1))
    add(unit=unit, kind="licensing", decided_on=D(2025, 6, 30), count=41)
    add(unit=unit, kind="penalty", decided_on=D(2025, 12, 31), count=3)
    add(unit=unit, kind="penalty", decided_on=D(2024, 12, 31), count=99)  # last year
    add(unit=unit, kind="fee", decided_on=D(2025, 5, 5), amount_yuan=Decimal("12345.67"))
    add(unit=unit, kind="fee", decided_on=D(2025, 5, 6), amount_yuan=Decimal("0.33"))
    figures = section_two_figures([unit.pk], 2025)
    assert figures.decisions == {"licensing": 42, "penalty": 3, "compulsory": 0}
    assert figures.fees_yuan == Decimal("12346.00")
