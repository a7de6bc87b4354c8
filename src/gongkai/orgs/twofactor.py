"""An optional second factor for staff: a six-digit code from a phone app (TOTP, RFC 6238).

Any TOTP authenticator works (the 腾讯身份验证器 WeChat mini-program, Microsoft or Google
Authenticator, FreeOTP): the officer scans a QR code under 账户设置 → 两步验证 and types one code to confirm.
From then on the back office asks for a code after the password. django-otp keeps the
devices, checks codes (each code once, throttled after failures); this module gives the pages,
in Chinese, and the middleware that holds an unverified session at the door.

GONGKAI_STAFF_2FA=required makes every staff account set one up at its next sign-in.
A lost phone: an administrator runs `gongkai twofactor-reset NAME`.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.portal.middleware import BACK_OFFICE_PREFIXES

DEVICE_NAME = "手机验证器"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        min_length=6,
        max_length=6,
        help_text="手机验证器中显示的 6 位数字。",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": "请输入验证码。",
            "min_length": "验证码是 6 位数字。",
            "max_length": "验证码是 6 位数字。",
        },
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("验证码是 6 位数字。")
        return code


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _check(device: TOTPDevice, form: CodeForm) -> bool:
    """Whether the form's code is right for the device; adds the reason to the form if not."""
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        wait = ""
        if detail and detail.get("locked_until"):
            seconds = int((detail["locked_until"] - timezone.now()).total_seconds()) + 1
            wait = f"请 {max(seconds, 1)} 秒后再试。"
        form.add_error("code", f"验证码输错后须稍候再试，以防被猜中：{wait or '请稍后再试。'}")
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", "验证码不正确或已过期，请输入手机上当前显示的验证码。")
    return False


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("wagtailadmin_home")


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the officer's phone."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form):
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request,
        "orgs/twofactor_verify.html",
        {"form": form, "next": _next_url(request), "page_title": "两步验证"},
    )


def _qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, large enough for a phone camera."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff")


def _grouped(key_b32: str) -> str:
    return " ".join(key_b32[i : i + 4] for i in range(0, len(key_b32), 4))


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, confirm with one code) or off (with a current code)."""
    user = request.user
    device = confirmed_device(user)
    form = CodeForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid() and _check(device, form):
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, "已关闭两步验证。")
            return redirect("orgs_twofactor:setup")
        return render(
            request,
            "orgs/twofactor_setup.html",
            {
                "form": form,
                "enabled": True,
                "required": settings.GONGKAI_STAFF_2FA == "required",
                "page_title": "两步验证",
            },
        )
    pending, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    if request.method == "POST" and form.is_valid() and _check(pending, form):
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
        otp_login(request, pending)
        messages.success(request, "已开启两步验证：以后登录时，输入密码后还要输入手机上的验证码。")
        return redirect(_next_url(request) if request.POST.get("next") else "orgs_twofactor:setup")
    return render(
        request,
        "orgs/twofactor_setup.html",
        {
            "form": form,
            "enabled": False,
            "qr": _qr_svg(pending),
            "key": _grouped(base64.b32encode(pending.bin_key).decode()),
            "next": request.GET.get("next", ""),
            "page_title": "两步验证",
        },
    )


urlpatterns = [
    path("", setup, name="setup"),
    path("verify/", verify, name="verify"),
]

# Paths an unverified session may still open: signing in and out, the second step itself, and
# the icon sprite and translations its page loads (Wagtail inserts the sprite's answer into the
# page, so a redirect there would put a second copy of the form into it).
OPEN_PATHS = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/two-factor/",
    "/admin/password_reset/",
    "/admin/sprite/",
    "/admin/jsi18n/",
)


class SecondFactorMiddleware:
    """Holds a signed-in session that has not given its code at the second step.

    After django_otp's OTPMiddleware (which gives request.user.is_verified()). An account
    without a device passes, unless GONGKAI_STAFF_2FA=required: it is then sent to set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path_info.startswith(BACK_OFFICE_PREFIXES)
            and not request.path_info.startswith(OPEN_PATHS)
            and not user.is_verified()
        ):
            query = urlencode({"next": request.get_full_path()})
            if confirmed_device(user) is not None:
                return redirect(f"{reverse('orgs_twofactor:verify')}?{query}")
            if settings.GONGKAI_STAFF_2FA == "required":
                return redirect(f"{reverse('orgs_twofactor:setup')}?{query}")
        return self.get_response(request)
