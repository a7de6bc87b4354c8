"""`gongkai annual-report`: the tables from live cases, appeals and documents, the county's sum,
a backfilled year, a broken identity refused, and every output format read back."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from docx import Document as Docx
from openpyxl import load_workbook
from pypdf import PdfReader

from gongkai.reports import tables
from gongkai.reports.models import AnnualReport, ReportSource
from gongkai.requests import services
from gongkai.requests.taxonomy import EventKind
from tests.requests.test_cases import APPLICANT

pytestmark = pytest.mark.django_db


def file(unit, received, **fields):
    return services.file_request(unit=unit, received_on=received, **{**APPLICANT, **fields})


def answer(case, on, outcome):
    services.record_event(case, EventKind.ANSWERED, on=on, outcome=outcome)


def report_json(unit, year, capsys):
    call_command("annual_report", "--unit", unit.code, "--year", str(year))
    return json.loads(capsys.readouterr().out)


def row(data, label):
    return next(r for r in data["sections"]["三"]["rows"] if r["label"] == label)["values"]


@pytest.fixture
def year_of_cases(county, edu, police):
    # 教育局: one carried in from 2024 and answered in 2025, one carried in and still open,
    # three new (a business, a natural person, a legal service), one carried out to 2026.
    old = file(edu, date(2024, 12, 20))
    answer(old, date(2025, 1, 10), "disclosed")
    file(edu, date(2024, 12, 27))  # still open at the end of 2025
    a = file(edu, date(2025, 3, 3), applicant_type="business", id_kind="other", id_number="X1234")
    answer(a, date(2025, 3, 20), "withheld_4")
    b = file(edu, date(2025, 6, 2))
    answer(b, date(2025, 6, 20), "partial")
    services.record_event(b, EventKind.CLOSED, on=date(2025, 6, 21))
    services.record_event(
        b, EventKind.RECONSIDERATION, on=date(2025, 7, 1), data={"result": "pending"}
    )
    services.record_event(
        b, EventKind.RECONSIDERATION, on=date(2025, 9, 1), data={"result": "upheld"}
    )
    services.record_event(b, EventKind.LITIGATION, on=date(2025, 9, 20), data={"result": "pending"})
    file(
        edu, date(2025, 12, 30), applicant_type="legal_service", id_kind="other", id_number="L5678"
    )  # carried out
    # 公安局: a direct suit against a 2025 answer.
    c = file(police, date(2025, 4, 1))
    answer(c, date(2025, 4, 15), "not_processed_2")
    services.record_event(
        c, EventKind.LITIGATION, on=date(2025, 5, 1), data={"result": "corrected"}
    )
    return edu, police


def test_a_units_tables_come_from_its_cases_and_appeals(year_of_cases, capsys):
    edu, _ = year_of_cases
    data = report_json(edu, 2025, capsys)
    assert data["source"] == "computed" and data["year"] == 2025
    assert row(data, "一、本年新收政府信息公开申请数量") == {
        "自然人": 1,
        "商业企业": 1,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "总计": 3,
    }
    assert row(data, "二、上年结转政府信息公开申请数量")["总计"] == 2
    assert row(data, "（一）予以公开")["自然人"] == 1
    assert row(data, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")["自然人"] == 1
    assert row(data, "4.保护第三方合法权益")["商业企业"] == 1
    assert row(data, "（七）总计")["总计"] == 3
    assert row(data, "四、结转下年度继续办理") == {
        "自然人": 1,
        "商业企业": 0,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 1,
        "其他": 0,
        "总计": 2,
    }
    four = {r["label"]: r["values"] for r in data["sections"]["四"]["rows"]}
    assert four["行政复议"]["结果维持"] == 1 and four["行政复议"]["总计"] == 1
    assert four["复议后起诉"]["尚未审结"] == 1 and four["未经复议直接起诉"]["总计"] == 0


def test_the_county_report_sums_every_unit_below_it(year_of_cases, county, capsys):
    data = report_json(county, 2025, capsys)
    assert row(data, "一、本年新收政府信息公开申请数量")["总计"] == 4
    assert row(data, "2.重复申请")["自然人"] == 1
    four = {r["label"]: r["values"] for r in data["sections"]["四"]["rows"]}
    assert four["未经复议直接起诉"]["结果纠正"] == 1


def test_a_backfilled_year_uses_the_typed_tables_and_a_broken_one_is_refused(county, capsys):
    zero = tables.as_json(tables.AnnualTables())
    typed = json.loads(json.dumps(zero))
    for r in typed["三"]["rows"]:
        if r["label"] in (
            "一、本年新收政府信息公开申请数量",
            "3.其他",
            "（六）其他处理",
            "（七）总计",
        ):
            r["values"]["自然人"] = r["values"]["总计"] = 1
    AnnualReport.objects.create(
        unit=county, year=2014, source=ReportSource.BACKFILLED, frozen_sections=typed
    )
    data = report_json(county, 2014, capsys)
    assert data["source"] == "backfilled" and row(data, "3.其他")["总计"] == 1
    # Break the identity 一 + 二 = 三（七） + 四 in the 自然人 column.
    for r in typed["三"]["rows"]:
        if r["label"] == "一、本年新收政府信息公开申请数量":
            r["values"]["自然人"] = r["values"]["总计"] = 2
    AnnualReport.objects.filter(year=2014).update(frozen_sections=typed)
    with pytest.raises(SystemExit) as exit_:
        call_command("annual_report", "--unit", county.code, "--year", "2014")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "“自然人”列" in err and "未生成报告" in err


def test_every_output_format_reads_back(year_of_cases, tmp_path):
    edu, _ = year_of_cases
    paths = {}
    for fmt in ("docx", "pdf", "xlsx", "html"):
        paths[fmt] = tmp_path / f"r.{fmt}"
        call_command(
            "annual_report",
            "--unit",
            edu.code,
            "--year",
            "2025",
            "--format",
            fmt,
            "--output",
            str(paths[fmt]),
        )
    text = "".join(p.extract_text() for p in PdfReader(paths["pdf"]).pages)
    text = text.replace(" ", "").replace("\n", "")
    assert (
        "永昌县教育局2025年政府信息公开工作年度报告" in text
        and "本年新收政府信息公开申请数量" in text
    )
    docx = Docx(str(paths["docx"]))
    cells = {c.text for t in docx.tables for r in t.rows for c in r.cells}
    assert "一、本年新收政府信息公开申请数量" in cells
    book = load_workbook(io.BytesIO(paths["xlsx"].read_bytes()))
    numbers = [
        c.value
        for s in book.worksheets
        for r in s.iter_rows()
        for c in r
        if isinstance(c.value, int)
    ]
    assert 3 in numbers and 2 in numbers
    assert "<caption" in paths["html"].read_text(encoding="utf-8")


def test_an_unknown_unit_exits_2(db):
    with pytest.raises(SystemExit) as exit_:
        call_command("annual_report", "--unit", "nope", "--year", "2025")
    assert exit_.value.code == 2
