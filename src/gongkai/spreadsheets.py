"""Cells of the spreadsheets staff download (XLSX and CSV exports).

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
spreadsheet programs skip before one) is run as a formula by Excel and WPS, and openpyxl itself
writes any string starting with ``=`` as a formula. Much of what is exported was typed by
anyone: a requester's name, a 留言's subject, a survey answer, a user name at a failed login.
Such text goes through ``safe_cell``, which keeps it text by prefixing an apostrophe (OWASP,
"CSV injection"). Numbers and dates pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]
