"""`gongkai foi deadline` from the user's side, through the installed entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GONGKAI = str(Path(sys.executable).with_name("gongkai"))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """An empty data dir: the command must work before any `migrate`."""
    return tmp_path_factory.mktemp("foi-cli")


@pytest.fixture
def foi(data_dir):
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
        return subprocess.run(
            [GONGKAI, "foi", *args], capture_output=True, text=True, env=env, timeout=120
        )

    return run


def test_plain_output_is_the_due_date_alone(foi):
    # Hand-counted in test_deadlines.py: due on the make-up Sunday 2024-02-18.
    result = foi("deadline", "--received", "2024-01-16")
    assert (result.returncode, result.stdout, result.stderr) == (0, "2024-02-18\n", "")


def test_json_output_has_due_provisional_and_working_days(foi):
    result = foi("deadline", "--received", "2024-09-27", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "due": "2024-10-30",
        "provisional": False,
        "working_days": 20,
    }


def test_correction_pauses_and_extension_together(foi, data_dir):
    # The combined case of test_deadlines.py.
    result = foi(
        "deadline",
        "--received=2024-04-01",
        "--corrected=2024-04-08",
        "--pause=2024-04-02:2024-04-03",
        "--pause",
        "2024-04-15:2024-04-26",
        "--pause",
        "2024-05-30:2024-06-04",
        "--extended",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "due": "2024-06-25",
        "provisional": False,
        "working_days": 40,
    }
    assert not (data_dir / "gongkai.sqlite3").exists()  # no database was opened


def test_a_provisional_date_is_printed_with_a_warning_in_both_languages(foi):
    result = foi("deadline", "--received", "2026-12-15")
    assert (result.returncode, result.stdout) == (0, "2027-01-13\n")
    assert "2027年的节假日安排尚未公布" in result.stderr
    assert "暂定" in result.stderr
    assert "provisional" in result.stderr


def test_json_says_provisional_too(foi):
    result = foi("deadline", "--received", "2026-12-15", "--extended", "--json")
    assert json.loads(result.stdout) == {
        "due": "2027-02-16",
        "provisional": True,
        "working_days": 40,
    }
    assert "provisional" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--received", "2024-02-30"),
        ("--received", "20240301"),
        ("--received", "yesterday"),
        ("--received", "2024-03-01", "--corrected", "2024-13-01"),
        ("--received", "2024-03-01", "--pause", "2024-03-05"),
        ("--received", "2024-03-01", "--pause", "2024-03-05:2024-3-6"),
    ],
)
def test_a_bad_date_exits_2_with_a_message_in_both_languages(foi, args):
    result = foi("deadline", *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert "无效" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_an_inverted_pause_exits_2(foi):
    result = foi("deadline", "--received", "2024-03-01", "--pause", "2024-03-10:2024-03-05")
    assert (result.returncode, result.stdout) == (2, "")
    assert "早于开始日期" in result.stderr and "before it begins" in result.stderr


def test_a_correction_before_receipt_exits_2(foi):
    result = foi("deadline", "--received", "2024-03-05", "--corrected", "2024-03-01")
    assert (result.returncode, result.stdout) == (2, "")
    assert "补正" in result.stderr and "corrected request" in result.stderr


def test_a_missing_received_date_is_a_usage_error(foi):
    result = foi("deadline")
    assert result.returncode == 2 and "--received" in result.stderr


@pytest.mark.parametrize(
    "args, fee",
    [
        (["--items", "10"], 0),  # 1–10 free
        (["--items", "11"], 100),
        (["--items", "35"], 3000),  # 20 × 100 + 5 × 200
        (["--pages", "30"], 0),
        (["--pages", "31"], 10),
        (["--pages", "201"], 2740),  # 70 × 10 + 100 × 20 + 1 × 40
    ],
)
def test_foi_fee_prints_the_fee_in_yuan(foi, args, fee):
    result = foi("fee", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(fee)


def test_foi_fee_json_names_the_method(foi):
    result = foi("fee", "--pages", "2219", "--json")
    # The Xi'an case reported by 华商报: 70 × 10 + 100 × 20 + 2019 × 40 = 83,460 yuan.
    assert json.loads(result.stdout) == {"fee": 83460, "method": "pages"}


@pytest.mark.parametrize("args", [["--items", "0"], ["--pages", "-3"], ["--items", "x"]])
def test_foi_fee_refuses_a_bad_quantity_with_exit_2(foi, args):
    result = foi("fee", *args)
    assert result.returncode == 2
    assert "错误 / error" in result.stderr
