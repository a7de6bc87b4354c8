"""Staff accounts: strong passwords, a lock after failed logins, sessions that end when idle."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gongkai.orgs.accounts import SEEN, CharacterClassesValidator

PASSWORD = "pw-Yongchang-2026"


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_superuser("officer", "officer@example.gov.cn", PASSWORD)


def _login(client, password, username="officer", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    "password, why",
    [
        ("Yc-2026", "至少要 10 个字符"),  # short
        ("yongchangxian", "至少 3 类"),  # small letters only
        ("yongchang2026", "现在只有小写字母、数字"),
        ("永昌县人民政府信息公开", "现在一类都没有"),  # Chinese characters count as no class
        ("12345678901", "只包含数字"),
        ("Password123", "太常见"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, why):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert why in " ".join(caught.value.messages)


def test_a_password_like_the_account_name_is_refused(db):
    user = get_user_model()(username="zhangxiaoming", email="zxm@example.gov.cn")
    with translation.override("zh-hans"), pytest.raises(ValidationError, match="相似"):
        validate_password("Zhangxiaoming-1", user)


def test_a_long_mixed_password_is_accepted():
    validate_password("Jinchang-2026-pass")
    validate_password("永昌县Gov2026政务")


@given(st.text(min_size=1, max_size=40))
def test_the_classes_counted_match_the_rule(password):
    validator = CharacterClassesValidator(3)
    ascii_only = [c for c in password if c.isascii()]
    classes = sum(
        [
            any(c.isupper() for c in ascii_only),
            any(c.islower() for c in ascii_only),
            any(c.isdigit() for c in ascii_only),
            any(not c.isalnum() and not c.isspace() for c in ascii_only),
        ]
    )
    if classes >= 3:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError):
            validator.validate(password)


def test_the_back_office_password_form_refuses_a_weak_password(client, officer):
    client.force_login(officer)
    response = client.post(
        "/admin/account/",
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "yongchang2026",
            "password-new_password2": "yongchang2026",
        },
    )
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


# --------------------------------------------------------------------------- the lock


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, officer, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for n in range(5):
        response = _login(client, f"wrong-{n}", REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code in (200, 429)
    response = _login(client, PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    page = response.content.decode()
    assert "账号已暂时锁定" in page and "30 分钟" in page and "系统管理员" in page
    assert "_auth_user_id" not in client.session


def test_fewer_failures_do_not_lock_and_a_success_clears_them(client, officer):
    for n in range(4):
        _login(client, f"wrong-{n}")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(4):
        _login(client, f"wrong-again-{n}")
    assert _login(client, PASSWORD).status_code == 302


def test_the_lock_is_per_account(client, officer):
    get_user_model().objects.create_superuser("reviewer", "r@example.gov.cn", PASSWORD)
    for n in range(5):
        _login(client, f"wrong-{n}")
    assert _login(client, PASSWORD, username="reviewer").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, officer):
    for n in range(5):
        _login(client, f"wrong-{n}")
    assert _login(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    assert _login(client, PASSWORD).status_code == 302


def test_an_administrator_unlocks_an_account_from_the_command_line(client, officer):
    for n in range(5):
        _login(client, f"wrong-{n}")
    assert _login(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "officer")
    assert _login(client, PASSWORD).status_code == 302


# --------------------------------------------------------------------------- idle sessions


def test_a_staff_session_expires_after_the_idle_minutes(client, officer, settings):
    assert _login(client, PASSWORD).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.session.get_expiry_age() == settings.GONGKAI_SESSION_IDLE_MINUTES * 60


def test_an_idle_staff_session_is_signed_out(client, officer):
    client.force_login(officer)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_citizens_session_keeps_its_day(client, db, settings):
    session = client.session
    session["anything"] = 1
    session.save()
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 24 * 3600
