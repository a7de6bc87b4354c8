"""Every staff action lands in the append-only audit log, with user, unit, IP and object."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.orgs.models import Membership
from gongkai.publishing.models import AuditAction, AuditEntry
from gongkai.publishing.roles import Role

pytestmark = pytest.mark.django_db


def test_logins_and_failed_logins_are_logged_with_the_ip(client, staff):
    client.post(
        "/admin/login/", {"username": "officer", "password": "wrong"}, REMOTE_ADDR="10.1.2.3"
    )
    client.post(
        "/admin/login/",
        {"username": "officer", "password": "pw-Yongchang-2026"},
        REMOTE_ADDR="10.1.2.4",
    )
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.username == "officer" and failed.ip == "10.1.2.3"
    ok = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert ok.user == staff[Role.OFFICER] and ok.ip == "10.1.2.4"
    assert ok.unit.name == "永昌县教育局"


def test_document_actions_are_logged_against_the_documents_unit(staff, login, edu):
    from tests.publishing.conftest import form_data

    client = login(staff[Role.OFFICER])
    client.post(
        reverse("wagtailsnippets_catalog_document:add"),
        form_data(edu, action="action-save", declare=False),
        REMOTE_ADDR="10.9.9.9",
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert entry.username == "officer" and entry.unit == edu and entry.ip == "10.9.9.9"
    assert entry.object_type == "政府信息" and "春季学期" in entry.object_repr


def test_permission_changes_are_logged(staff):
    user = staff[Role.OFFICER]
    user.groups.add(Group.objects.get(name="负责人"))
    entry = AuditEntry.objects.filter(action=AuditAction.PERMISSION).latest("pk")
    assert entry.detail["groups"] == ["负责人"] and entry.object_repr == "officer"
    Membership.objects.filter(user=user).delete()
    assert AuditEntry.objects.filter(action=AuditAction.PERMISSION, detail__change="remove")
    user.is_superuser = True
    user.save()
    assert AuditEntry.objects.filter(detail__after__is_superuser=True).exists()


def test_entries_can_be_neither_changed_nor_deleted(staff):
    entry = AuditEntry.objects.first()
    entry.username = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(username="x")


def test_the_purge_never_deletes_entries_younger_than_180_days(staff, capsys):
    old = AuditEntry(
        action=AuditAction.LOGIN, username="old", at=timezone.now() - timedelta(days=200)
    )
    old.save()
    young = AuditEntry(
        action=AuditAction.LOGIN, username="young", at=timezone.now() - timedelta(days=179)
    )
    young.save()
    with pytest.raises(SystemExit) as exit_info:
        call_command("purge_audit", "--older-than-days", "30")
    assert exit_info.value.code == 2
    assert "至少保留180天" in capsys.readouterr().err
    call_command("purge_audit")
    names = set(AuditEntry.objects.values_list("username", flat=True))
    assert "old" not in names and "young" in names
    with pytest.raises(ValueError):
        AuditEntry.objects.purge_older_than(timezone.now() - timedelta(days=10))


def test_the_disclosure_office_filters_and_exports_the_log(staff, login, client):
    client.post("/admin/login/", {"username": "nobody", "password": "x"})
    office = login(staff[Role.OFFICE])
    page = office.get(reverse("publishing:audit"), {"action": "login_failed"}).content.decode()
    assert "nobody" in page and "登录失败" in page
    response = office.get(reverse("publishing:audit"), {"action": "login_failed", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "时间" and rows[1][1] == "nobody" and rows[1][4] == "登录失败"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, username="office").exists()


def test_deleting_a_user_keeps_their_entries_under_their_name(staff, client):
    client.post("/admin/login/", {"username": "officer", "password": "pw-Yongchang-2026"})
    staff[Role.OFFICER].delete()
    entry = AuditEntry.objects.filter(action=AuditAction.LOGIN).latest("pk")
    assert entry.user is None and entry.username == "officer"
