"""`gongkai calendar show|import` from the user's side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.workcalendar import services
from gongkai.workcalendar.models import CalendarYear

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


@pytest.fixture(scope="module")
def calendar_cli(tmp_path_factory):
    """The installed command on an empty data dir: `show` must work before any `migrate`."""
    data_dir = tmp_path_factory.mktemp("calendar-cli")

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
        return subprocess.run(
            [GONGKAI, "calendar", *args], capture_output=True, text=True, env=env, timeout=120
        )

    return run


def test_show_prints_a_built_in_year_and_its_notice(calendar_cli):
    result = calendar_cli("show", "2026")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["2026年放假安排", "来源：国务院办公厅通知（内置）：国办发明电〔2025〕7号"]
    assert "  春节 2月15日至23日（共9天）" in lines
    assert "  2026年2月14日（星期六）" in lines


def test_show_json_marks_a_year_without_a_notice_provisional(calendar_cli):
    result = calendar_cli("show", "2027", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["kind"] == "provisional"
    assert payload["makeup_days"] == []
    assert payload["holidays"][0] == {"name": "元旦", "first": "2027-01-01", "last": "2027-01-01"}


def test_show_refuses_a_year_out_of_range_with_status_2(calendar_cli):
    result = calendar_cli("show", "1990")
    assert result.returncode == 2
    assert "年份应在2000至2099之间" in result.stderr


@pytest.mark.django_db
def test_import_enters_a_year_from_json(tmp_path, capsys):
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps(
            {
                "year": 2027,
                "notice": "国办发明电〔2026〕9号",
                "holidays": ["元旦 2027-01-01 至 2027-01-03", "春节 2027-02-05 至 2027-02-13"],
                "makeup_days": "2027-02-20",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    call_command("calendar", "import", str(path))
    assert "已录入2027年放假安排" in capsys.readouterr().out
    assert CalendarYear.objects.get().notice == "国办发明电〔2026〕9号"
    assert services.official_calendar().is_makeup_day(date(2027, 2, 20))


@pytest.mark.django_db
def test_import_refuses_bad_data_with_the_form_messages(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {"year": 2027, "notice": "国办发明电〔2026〕9号", "holidays": "春节 2027-02-30"}
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="日期“2027-02-30”不存在"):
        call_command("calendar", "import", str(path))
    assert not CalendarYear.objects.exists()
