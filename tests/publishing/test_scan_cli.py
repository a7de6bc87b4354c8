"""`gongkai scan FILE` from the user's side: exit 1 blocks, 0 passes (warnings shown), 2 unreadable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.publishing.test_extract import make_docx, make_pdf, make_xlsx

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
SEED = (
    Path(__file__).resolve().parents[2]
    / "src/gongkai/ops/data/seed/yongchang-2014-annual-report.txt"
)


@pytest.fixture
def scan(tmp_path):
    # A fresh, never-migrated data dir: the command must not need the database.
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "empty-site")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [GONGKAI, "scan", *args], capture_output=True, text=True, env=env, timeout=120
        )

    return run


def test_the_real_county_report_passes_with_no_findings(scan):
    result = scan(str(SEED))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "未发现问题 / no findings"


def test_a_marking_in_a_word_header_exits_1_with_a_readable_table(scan, tmp_path):
    path = tmp_path / "纪要.docx"
    path.write_bytes(make_docx(header="秘密★1年", body=["县政府常务会议纪要"]))
    result = scan(str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["级别", "severity", "类别", "kind", "行:列", "line:col", "内容", "match", "建议", "suggested"]  # fmt: skip
    assert lines[2].split() == ["阻止", "block", "密级标志", "secret_marking", "1:1", "秘密★1年", "删除或撤下", "remove"]  # fmt: skip
    assert "1 findings: 1 block, 0 warn" in result.stdout


def test_personal_data_warns_but_exits_0(scan, tmp_path):
    path = tmp_path / "公示.txt"
    path.write_text("补贴发放公示\n联系电话：13964620997\n", encoding="utf-8")
    result = scan(str(path))
    assert result.returncode == 0
    assert "警告 warn" in result.stdout and "mobile" in result.stdout
    assert "2:6" in result.stdout and "139****0997" in result.stdout


def test_json_output_lists_every_finding(scan, tmp_path):
    path = tmp_path / "通知.pdf"
    path.write_bytes(make_pdf(["机密★1年", "联系人：王小明 13964620997"]))
    result = scan(str(path), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["file"], report["blocking"], report["warnings"]) == (str(path), 1, 2)
    assert [
        (f["kind"], f["severity"], f["match"], f["line"], f["column"]) for f in report["findings"]
    ] == [
        ("secret_marking", "block", "机密★1年", 1, 1),
        ("name_with_id", "warn", "王小明", 2, 5),
        ("mobile", "warn", "13964620997", 2, 9),
    ]
    assert report["findings"][2]["message_zh"].startswith("文件《通知.pdf》第2行第9列有手机号码")


def test_allowed_numbers_are_not_reported(scan, tmp_path):
    path = tmp_path / "指南.html"
    path.write_text(
        "<p>值班电话：13909351234</p><p>监督电话：0935-7521234</p><p>邮箱：ycxxgk@163.com</p>",
        encoding="utf-8",
    )
    result = scan(str(path), "--allow", "139-0935-1234", "--allow", "ycxxgk@163.com", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["findings"] == []


def test_a_hidden_worksheet_with_a_marking_blocks(scan, tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes(make_xlsx())
    result = scan(str(path), "--json")
    assert result.returncode == 1
    assert "secret_marking" in [f["kind"] for f in json.loads(result.stdout)["findings"]]


def test_a_missing_file_exits_2_with_a_message_in_chinese_and_english(scan, tmp_path):
    result = scan(str(tmp_path / "没有这个文件.pdf"))
    assert result.returncode == 2 and result.stdout == ""
    assert "找不到文件" in result.stderr and "file not found" in result.stderr


def test_a_damaged_pdf_exits_2(scan, tmp_path):
    path = tmp_path / "坏.pdf"
    path.write_bytes(b"%PDF-1.7\n garbage")
    result = scan(str(path))
    assert result.returncode == 2
    assert "已损坏" in result.stderr and "damaged" in result.stderr
