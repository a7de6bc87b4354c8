"""The optional second factor: an officer turns it on with a phone app, and from then on the
back office asks for a code after the password; an administrator resets a lost phone."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "pw-Yongchang-2026"
SETUP, VERIFY = "/admin/two-factor/", "/admin/two-factor/verify/"


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_superuser("officer", "officer@example.gov.cn", PASSWORD)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the officer's phone shows now (or a step later: each code works once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _wait_out_the_throttle() -> None:
    """As if the officer took a minute to retype: django-otp waits 1, 2, 4 … s after failures."""
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(minutes=1))


def _sign_in(client):
    response = client.post("/admin/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    return response


def _turn_on(client, officer) -> TOTPDevice:
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(SETUP, {"code": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_without_a_second_factor_the_password_is_enough(client, officer):
    _sign_in(client)
    assert client.get("/admin/").status_code == 200


def test_the_setup_page_shows_a_qr_code_and_the_key_in_groups(client, officer):
    _sign_in(client)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "开启两步验证" in page
    device = TOTPDevice.objects.get(user=officer)
    assert "otpauth://totp/" in device.config_url and not device.confirmed


def test_a_wrong_code_does_not_turn_it_on(client, officer):
    _sign_in(client)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    page = client.post(SETUP, {"code": wrong}).content.decode()
    assert "验证码不正确或已过期" in page
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert "验证码是 6 位数字" in client.post(SETUP, {"code": "12ab56"}).content.decode()


def test_once_on_the_back_office_asks_for_the_code_after_the_password(client, officer):
    _sign_in(client)
    device = _turn_on(client, officer)
    client.post("/admin/logout/")

    _sign_in(client)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    assert client.get("/documents/1/x.pdf")["Location"].startswith(VERIFY)
    page = client.get(response["Location"]).content.decode()
    assert "两步验证" in page and "6 位验证码" in page
    # What the page itself loads is not sent to the form (Wagtail inserts the sprite's answer).
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.get("/admin/sprite/").status_code == 200

    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/pages/"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    _wait_out_the_throttle()
    right = client.post(VERIFY, {"code": code(device, 1), "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_used_code_does_not_work_twice(client, officer):
    _sign_in(client)
    device = _turn_on(client, officer)
    used = code(device)  # the code that just turned it on
    client.post("/admin/logout/")
    _sign_in(client)
    assert "验证码不正确" in client.post(VERIFY, {"code": used}).content.decode()


def test_the_next_address_cannot_lead_off_the_site(client, officer):
    _sign_in(client)
    device = _turn_on(client, officer)
    client.post("/admin/logout/")
    _sign_in(client)
    response = client.post(VERIFY, {"code": code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_repeated_wrong_codes_are_slowed_down(client, officer):
    _sign_in(client)
    _turn_on(client, officer)
    client.post("/admin/logout/")
    _sign_in(client)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})
    device = TOTPDevice.objects.get()
    right = client.post(VERIFY, {"code": code(device, 1)}).content.decode()
    assert "须稍候再试" in right and "秒后再试" in right  # even the right code waits
    _wait_out_the_throttle()
    assert client.post(VERIFY, {"code": code(device, 1)}).status_code == 302


def test_turning_it_off_needs_a_current_code(client, officer):
    _sign_in(client)
    device = _turn_on(client, officer)
    assert "验证码不正确" in client.post(SETUP, {"code": "000000"}).content.decode()
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    _wait_out_the_throttle()
    response = client.post(SETUP, {"code": code(device, 1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()


def test_when_required_an_account_without_one_is_sent_to_set_it_up(client, officer, settings):
    settings.GONGKAI_STAFF_2FA = "required"
    _sign_in(client)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    device = _turn_on(client, officer)
    assert client.get("/admin/").status_code == 200
    page = client.get(SETUP).content.decode()
    assert "不能关闭" in page and device.confirmed


def test_an_administrator_resets_a_lost_phone(client, officer, capsys):
    _sign_in(client)
    _turn_on(client, officer)
    client.post("/admin/logout/")
    call_command("twofactor_reset", "officer")
    assert "已重置" in capsys.readouterr().out
    assert not TOTPDevice.objects.exists()
    _sign_in(client)
    assert client.get("/admin/").status_code == 200
