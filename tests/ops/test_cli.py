"""The `gongkai` command from the user's side: load-demo, import-html, docno."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
SEED = (
    Path(__file__).resolve().parents[2]
    / "src/gongkai/ops/data/seed/yongchang-2014-annual-report.txt"
)


def gongkai(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([GONGKAI, *args], capture_output=True, text=True, env=env, timeout=600)


def test_docno_normalize_prints_the_hexagonal_bracket_form():
    result = gongkai("docno", "normalize", "金政办发 [2014] 68 号")
    assert result.returncode == 0 and result.stdout.strip() == "金政办发〔2014〕68号"


def test_docno_normalize_json_prints_the_parts():
    result = gongkai("docno", "normalize", "--json", "金政办发（2014）68号")
    assert json.loads(result.stdout) == {
        "prefix": "金政办发",
        "year": 2014,
        "seq": 68,
        "normalized": "金政办发〔2014〕68号",
    }


def test_docno_normalize_exits_2_with_a_message_on_garbage():
    result = gongkai("docno", "normalize", "乱码")
    assert result.returncode == 2 and "发文字号" in result.stderr and result.stdout == ""


def test_python_dash_m_gongkai_is_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "docno", "normalize", "永政发【2020】3号"],
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "永政发〔2020〕3号"


@pytest.fixture(scope="module")
def fresh_site(tmp_path_factory):
    """A new data dir with the demo county loaded through the CLI, as `make run` does."""
    data_dir = tmp_path_factory.mktemp("site")
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    if env.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the CLI round trip runs on SQLite; PostgreSQL is covered by the e2e server")
    assert gongkai("migrate", "--no-input", env=env).returncode == 0
    first = gongkai("load-demo", env=env)
    assert first.returncode == 0, first.stderr
    yield env, first
    shutil.rmtree(data_dir, ignore_errors=True)


def _counts(env) -> dict[str, int]:
    script = (
        "from django.apps import apps; import json;"
        "print(json.dumps({m._meta.label: m.objects.count() for m in apps.get_models()"
        " if m._meta.app_label in ('orgs','catalog','reports')}))"
    )
    result = gongkai("shell", "--no-imports", "-c", script, env=env)
    return json.loads(result.stdout)


def test_load_demo_creates_the_county_and_running_it_twice_changes_nothing(fresh_site):
    env, first = fresh_site
    assert "新增机构 38" in first.stdout
    before = _counts(env)
    second = gongkai("load-demo", env=env)
    assert (
        second.returncode == 0 and "新增机构 0" in second.stdout and "政府信息 0" in second.stdout
    )
    assert _counts(env) == before
    assert before["orgs.Unit"] == 38


def test_import_html_imports_the_seed_once_and_prints_it_as_json(fresh_site):
    env, _ = fresh_site
    # load-demo already imported the seed into the county's 年报 column: importing again finds it.
    result = gongkai(
        "import-html", str(SEED), "--unit", "620321000", "--column", "annual_report", env=env
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["created"] is False
    assert data["title"] == "永昌县2014年政府信息公开工作年度报告"
    assert data["columns"] == ["annual_report"]
    assert data["sections"][1:] == [
        "一、概述",
        "二、主动公开政府信息情况",
        "三、依申请公开政府信息情况",
        "四、信息公开收费及减免情况",
        "五、行政复议、行政诉讼情况",
        "六、工作存在的主要问题和改进措施",
    ]
    assert data["doc_nos_in_body"] == ["金政办发〔2014〕68号"]
    assert data["annual_report"] == {
        "year": 2014,
        "proactive_items": 3860,
        "requests_received": 1,
        "requests_answered": 1,
        "fees_yuan": "0.00",
        "reconsiderations": 0,
        "litigations": 0,
    }


def test_import_html_of_a_new_page_needs_dates_and_creates_one_document(fresh_site, tmp_path):
    env, _ = fresh_site
    page = tmp_path / "guide.txt"
    page.write_text(
        "政府信息公开指南\n关闭\n永昌县教育局政府信息公开指南\n"
        "一、主动公开\n本机关主动公开的政府信息，通过永昌县政府信息公开平台等方式公开，"
        "公民、法人和其他组织可以随时查阅。\n"
        "二、依申请公开\n申请人可以通过信函、网上申请等方式提出申请，本机关在收到申请之日起"
        "20个工作日内予以答复。\n",
        encoding="utf-8",
    )
    args = ["import-html", str(page), "--unit", "620321003", "--column", "guide"]
    missing_dates = gongkai(*args, env=env)
    assert missing_dates.returncode == 2 and "成文日期" in missing_dates.stderr
    dated = [*args, "--written-on", "2021-03-20", "--published-on", "2021-03-22"]
    first = json.loads(gongkai(*dated, env=env).stdout)
    assert first["created"] is True and first["title"] == "永昌县教育局政府信息公开指南"
    assert first["index_no"].startswith("620321003/2021-")
    again = json.loads(gongkai(*dated, env=env).stdout)
    assert again["created"] is False and again["index_no"] == first["index_no"]


def test_import_html_refuses_bad_input_with_clear_messages(fresh_site, tmp_path):
    env, _ = fresh_site
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav>首页</nav></body></html>")
    cases = [
        (["import-html", str(tmp_path / "nope.html"), "--unit", "620321000", "--column", "guide"], "文件不存在"),
        (["import-html", str(SEED), "--unit", "999", "--column", "guide"], "没有机构代码"),
        (["import-html", str(SEED), "--unit", "620321000", "--column", "nope"], "没有栏目"),
        (["import-html", str(empty), "--unit", "620321000", "--column", "guide",
          "--written-on", "2015-01-01", "--published-on", "2015-01-02"], ""),
    ]  # fmt: skip
    for args, message in cases:
        result = gongkai(*args, env=env)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_configuration_comes_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(tmp_path / "data"),
        "GONGKAI_SECRET_KEY": "a-key-from-the-environment",
        "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn, 127.0.0.1",
        "GONGKAI_DEBUG": "1",
    }
    env.pop("DATABASE_URL", None)
    script = (
        "from django.conf import settings as s; import json;"
        "print(json.dumps([s.SECRET_KEY, s.ALLOWED_HOSTS, s.DEBUG, str(s.DATABASES['default']['NAME'])]))"
    )
    result = gongkai("shell", "--no-imports", "-c", script, env=env)
    key, hosts, debug, database = json.loads(result.stdout)
    assert key == "a-key-from-the-environment"
    assert hosts == ["gk.example.gov.cn", "127.0.0.1"]
    assert debug is True
    assert database == str(tmp_path / "data" / "gongkai.sqlite3")
    env.update({"GONGKAI_DEBUG": "", "DATABASE_URL": "postgres://u@db.example:5432/gk"})
    env.pop("GONGKAI_SECRET_KEY")
    script = (
        "from django.conf import settings as s; import json;"
        "d = s.DATABASES['default']; print(json.dumps([s.DEBUG, d['ENGINE'], d['HOST'], d['NAME']]))"
    )
    result = gongkai("shell", "--no-imports", "-c", script, env=env)
    assert json.loads(result.stdout) == [False, "django.db.backends.postgresql", "db.example", "gk"]
    # Without GONGKAI_SECRET_KEY a key is generated once into the data dir and kept.
    assert (tmp_path / "data" / "secret_key").read_text().strip()


def test_the_demo_county_has_its_2014_report_and_the_last_two_years(fresh_site):
    env, first = fresh_site
    assert "年度报告 12" in first.stdout
    result = gongkai("annual-report", "--unit", "620321000", "--year", "2014", env=env)
    data = json.loads(result.stdout)
    rows = {r["label"]: r["values"] for r in data["sections"]["三"]["rows"]}
    assert data["source"] == "backfilled"
    assert rows["一、本年新收政府信息公开申请数量"]["总计"] == 1  # the seed: 收到…1件，已办理
    this_year = dt.date.today().year
    new = {}
    for year in (this_year - 2, this_year - 1):
        result = gongkai("annual-report", "--unit", "620321000", "--year", str(year), env=env)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        rows = {r["label"]: r["values"] for r in data["sections"]["三"]["rows"]}
        assert data["source"] == "computed" and rows["（七）总计"]["总计"] > 0
        new[year] = rows
    # What one year carries out, the next carries in.
    assert (
        new[this_year - 2]["四、结转下年度继续办理"]["总计"]
        == new[this_year - 1]["二、上年结转政府信息公开申请数量"]["总计"]
    )
