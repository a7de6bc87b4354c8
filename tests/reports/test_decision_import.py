"""`gongkai import-decisions` and the import service: all or nothing, scoped to units."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from gongkai.publishing.roles import Role
from gongkai.reports.models import DecisionRecord
from gongkai.reports.services import import_decisions
from tests.publishing.test_roles import denied

pytestmark = pytest.mark.django_db

GOOD = "类别,日期,数量,金额（元）\n许可,2025-01-02,,\n处罚,2025-02-03,4,\n收费,2025-03-04,,500.25\n"


def test_the_command_imports_every_row(edu, tmp_path, capsys):
    path = tmp_path / "2025.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_decisions", str(path), "--unit", edu.code)
    assert "已导入3行" in capsys.readouterr().out
    assert DecisionRecord.objects.filter(unit=edu).count() == 3
    fee = DecisionRecord.objects.get(kind="fee")
    assert fee.amount_yuan == Decimal("500.25") and fee.batch


def test_one_bad_row_stores_nothing_and_names_the_cell(edu, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "收费,2025-13-01,,1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_decisions", str(path), "--unit", edu.code, "--json")
    assert exit_.value.code == 2
    result = json.loads(capsys.readouterr().out)
    assert result["created"] == 0 and result["errors"][0]["line"] == 5
    assert result["errors"][0]["column"] == "日期"
    assert not DecisionRecord.objects.exists()


def test_rows_for_other_units_need_scope(edu, police):
    data = ("类别,日期,机构代码\n许可,2025-01-02,620321004\n许可,2025-01-02,999\n").encode()
    result = import_decisions(edu, data, "a.csv", allowed_unit_ids=frozenset({edu.pk}))
    assert [(e.line, e.column) for e in result.errors] == [(2, "机构代码"), (3, "机构代码")]
    assert "永昌县公安局" in result.errors[0].message_zh and "999" in result.errors[1].message_zh
    assert not DecisionRecord.objects.exists()
    result = import_decisions(edu, data.replace(b"999", b"620321003"), "a.csv")
    assert result.ok and {r.unit_id for r in DecisionRecord.objects.all()} == {edu.pk, police.pk}


def test_an_unknown_unit_and_an_unreadable_file_exit_2(edu, tmp_path):
    with pytest.raises(SystemExit):
        call_command("import_decisions", str(tmp_path / "none.csv"), "--unit", edu.code)
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"garbage")
    with pytest.raises(SystemExit):
        call_command("import_decisions", str(path), "--unit", "nope")
    with pytest.raises(SystemExit):
        call_command("import_decisions", str(path), "--unit", edu.code)


def upload(client, unit, text, name="2025.csv"):
    return client.post(
        reverse("reports_admin:decisions"),
        {"unit": unit.pk, "file": SimpleUploadedFile(name, text.encode("utf-8"))},
    )


def test_an_officer_imports_for_their_unit_in_the_back_office(login, staff, edu, police):
    client = login(staff[Role.OFFICER])
    response = upload(client, edu, GOOD + "收费,2025-03-05,,abc\n")
    page = response.content.decode()
    assert response.status_code == 200 and "未导入任何记录" in page and "不是金额" in page
    assert not DecisionRecord.objects.exists()
    assert upload(client, edu, GOOD).status_code == 302
    assert DecisionRecord.objects.filter(unit=edu).count() == 3
    # Another unit is not among the choices, and a file naming it is refused row by row.
    assert "unit" in upload(client, police, GOOD).context["form"].errors
    response = upload(client, edu, "类别,日期,机构代码\n许可,2025-01-01,620321004\n")
    assert "您不能为“永昌县公安局”导入数据" in response.content.decode()
    assert DecisionRecord.objects.count() == 3


def test_the_system_administrator_cannot_import(login, staff):
    assert denied(login(staff[Role.ADMIN]).get(reverse("reports_admin:decisions")))
