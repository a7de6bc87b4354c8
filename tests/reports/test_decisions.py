"""Importing 许可/处罚/强制/收费 records: CSV (UTF-8 or GBK) and XLSX, all or nothing, each bad
cell named by row and column."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.reports.decisions import FileError, parse, read_table

HEADER = ["类别", "日期", "数量", "金额（元）", "文号", "备注"]


def csv_bytes(lines, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return out.getvalue().encode(encoding)


def test_a_good_csv_gives_one_record_per_row():
    data = csv_bytes(
        [
            HEADER,
            ["行政许可", "2025-03-01", "", "", "永教许〔2025〕1号", ""],
            ["处罚", "2025/3/2", "3", "", "", "三月合计"],
            ["行政事业性收费", "2025年12月31日", "", "1,234.50", "", ""],
            ["", "", "", "", "", ""],  # a blank line is skipped
        ]
    )
    records, errors = parse(*reversed(read_table(data, "记录.csv")))
    assert errors == []
    assert [(r.line, r.kind, r.decided_on, r.count, r.amount_yuan) for r in records] == [
        (2, "licensing", date(2025, 3, 1), 1, None),
        (3, "penalty", date(2025, 3, 2), 3, None),
        (4, "fee", date(2025, 12, 31), 1, Decimal("1234.50")),
    ]
    assert records[0].reference == "永教许〔2025〕1号" and records[1].note == "三月合计"


def test_excel_csv_in_gbk_is_read():
    data = csv_bytes([HEADER, ["行政强制", "2025-05-05", "2", "", "", ""]], encoding="gbk")
    records, errors = parse(*reversed(read_table(data, "gbk.CSV")))
    assert not errors and records[0].kind == "compulsory" and records[0].count == 2


def test_xlsx_with_real_dates_and_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["备注", "日期", "类别", "金额"])  # any column order
    sheet.append(["", datetime(2025, 6, 1), "收费", 88.5])
    sheet.append(["", "2025-06-02", "许可", None])
    out = io.BytesIO()
    book.save(out)
    records, errors = parse(*reversed(read_table(out.getvalue(), "x.xlsx")))
    assert not errors
    assert records[0].decided_on == date(2025, 6, 1) and records[0].amount_yuan == Decimal("88.5")


@pytest.mark.parametrize(
    "row, column, words",
    [
        (["行政审批", "2025-01-01", "", "", "", ""], "类别", "不是"),
        (["许可", "2025-02-30", "", "", "", ""], "日期", "不是有效日期"),
        (["许可", "明天", "", "", "", ""], "日期", "不是有效日期"),
        (["许可", "2025-01-01", "0", "", "", ""], "数量", "整数"),
        (["许可", "2025-01-01", "1.5", "", "", ""], "数量", "整数"),
        (["收费", "2025-01-01", "", "", "", ""], "金额", "须填写金额"),
        (["收费", "2025-01-01", "", "-5", "", ""], "金额", "不小于0"),
        (["收费", "2025-01-01", "", "1.234", "", ""], "金额", "两位小数"),
        (["收费", "2025-01-01", "", "abc", "", ""], "金额", "不是金额"),
        (["处罚", "2025-01-01", "", "100", "", ""], "金额", "只有行政事业性收费"),
        (["处罚", "2025-01-01", "", "", "号" * 101, ""], "文号", "不能超过100个字"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(row, column, words):
    data = csv_bytes([HEADER, ["许可", "2025-01-01", "", "", "", ""], row])
    records, errors = parse(*reversed(read_table(data, "a.csv")))
    assert len(errors) == 1
    assert errors[0].line == 3 and errors[0].column == column and words in errors[0].message_zh
    assert str(errors[0]).startswith(f"第3行“{column}”")


def test_missing_required_columns_are_reported_before_any_row():
    records, errors = parse(*reversed(read_table(csv_bytes([["数量"], ["1"]]), "a.csv")))
    assert records == [] and {e.column for e in errors} == {"类别", "日期"}


def test_only_csv_and_xlsx_are_accepted_and_a_broken_workbook_says_so():
    with pytest.raises(FileError, match="xlsx"):
        read_table(b"x", "a.xls")
    with pytest.raises(FileError) as error:
        read_table(b"not a zip", "a.xlsx")
    assert "无法打开" in error.value.message_zh


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=6, max_size=6), max_size=8))
def test_any_cells_give_records_or_named_errors_never_an_exception(rows):
    records, errors = parse([dict(zip(HEADER, row, strict=True)) for row in rows], HEADER)
    lines = {r.line for r in records} | {e.line for e in errors}
    assert all(2 <= line <= len(rows) + 1 for line in lines)
    assert not ({r.line for r in records} & {e.line for e in errors})
