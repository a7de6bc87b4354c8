"""Security headers on every page, where the back office answers, and a clean deploy check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


def test_public_pages_forbid_inline_scripts_and_framing_by_others(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_error_pages_carry_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _policy(response)["script-src"] == ["'self'"]


def test_the_back_office_allows_wagtails_inline_scripts_only_there(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in _policy(response)["script-src"]


def test_the_back_office_can_be_switched_off_on_a_public_node(client, settings):
    settings.GONGKAI_ADMIN_ENABLED = False
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/documents/1/x.pdf").status_code == 404
    assert client.get("/").status_code == 200


def test_the_back_office_answers_only_on_its_own_host_name(client, settings):
    settings.GONGKAI_ADMIN_HOST = "admin.yongchang.example"
    settings.ALLOWED_HOSTS = ["testserver", "admin.yongchang.example"]
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/admin/login/", HTTP_HOST="admin.yongchang.example:8443").status_code == 200
    user = get_user_model().objects.create_superuser("admin", "a@example.gov.cn", "x")
    client.force_login(user)
    assert client.get("/admin/").status_code == 404  # signed in or not


def test_the_deploy_check_is_clean_with_the_production_settings(tmp_path):
    # The e2e conftest allows async-unsafe calls for Playwright; a deployment never does.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "GONGKAI_DATA_DIR": str(tmp_path),
        "GONGKAI_HTTPS": "1",
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(60),
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
