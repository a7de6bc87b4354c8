"""What any exported spreadsheet cell may hold: typed text never starts a formula."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gongkai.spreadsheets import FORMULA_STARTS, safe_cell, safe_row


@given(st.text())
def test_text_never_starts_a_formula_and_keeps_every_character(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


def test_a_tab_or_carriage_return_before_a_formula_is_kept_text_too():
    assert safe_cell("\t=1+1") == "'\t=1+1"
    assert safe_cell("\r=1+1") == "'\r=1+1"


def test_numbers_dates_and_plain_text_pass_unchanged():
    row = [-3, 2.5, date(2024, 1, 16), None, "王**", "2024年招生"]
    assert safe_row(row) == row
