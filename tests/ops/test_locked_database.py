"""A command that cannot get SQLite's write lock says so in Chinese and English and exits 1,
instead of printing a traceback (found by make faults, docs/reliability.md)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from gongkai import cli
from gongkai.reports.models import DecisionRecord


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's file lock; PostgreSQL locks rows"
)
def test_an_import_into_a_locked_database_is_a_clear_message_and_nothing_stored(
    transactional_db, unit, tmp_path, capsys
):
    csv = tmp_path / "2025.csv"
    csv.write_text("类别,日期,数量\n行政许可,2025-03-01,2\n", encoding="utf-8")
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 200")  # not the site's 30 s
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(SystemExit) as exit_:
            cli.main(["gongkai", "import-decisions", str(csv), "--unit", unit.code])
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "数据库正被另一个程序锁定" in err and "Traceback" not in err
    assert DecisionRecord.objects.count() == 0
    cli.main(["gongkai", "import-decisions", str(csv), "--unit", unit.code])  # lock gone: works
    assert DecisionRecord.objects.count() == 1


def test_other_database_errors_are_not_disguised_as_a_lock():
    assert not cli.is_locked(sqlite3.OperationalError("no such table: catalog_document"))
    assert cli.is_locked(sqlite3.OperationalError("database is locked"))
