"""Staff accounts: password strength, the lock after failed logins, and the idle timeout.

What 网络安全等级保护 (GB/T 22239-2019, 8.1.4.1 身份鉴别) asks of a government system: passwords
of some complexity, a limit on failed logins, and sessions that end when left idle. The lock
itself is django-axes (settings.AXES_*); this module gives it a Chinese page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# --------------------------------------------------------------------------- passwords

CHARACTER_CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


class LengthValidator(MinimumLengthValidator):
    """Django's length rule with its message in Chinese (Django 5.2 changed the message and its
    Chinese translation has not followed, so officers saw it in English)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少要 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """A password must mix at least `min_classes` of: capitals, small letters, digits, symbols.

    Chinese characters count as none of these (they are letters to Python but not to a
    keyboard-guessing attack), so a password of Chinese alone fails, with a message saying why.
    """

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def classes(self, password: str) -> list[str]:
        ascii_only = [c for c in password if c.isascii()]
        return [name for name, test in CHARACTER_CLASSES if any(test(c) for c in ascii_only)]

    def validate(self, password: str, user=None) -> None:
        found = self.classes(password)
        if len(found) < self.min_classes:
            names = "、".join(name for name, _ in CHARACTER_CLASSES)
            have = f"现在只有{'、'.join(found)}" if found else "现在一类都没有"
            raise ValidationError(
                f"密码须包含{names}中的至少 {self.min_classes} 类，{have}。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


# --------------------------------------------------------------------------- the login lock


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page shown instead of the login form while an account is locked (django-axes)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "orgs/locked_out.html",
        {"failures": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )


# --------------------------------------------------------------------------- idle sessions

SEEN = "gongkai_seen"
SEEN_EVERY = 60  # seconds: the session's expiry is pushed back at most once a minute


class StaffIdleTimeoutMiddleware:
    """A signed-in account's session ends after GONGKAI_SESSION_IDLE_MINUTES without a request.

    The expiry is moved forward as the officer works (Wagtail's editor pings the server every
    few seconds while a page is open, so writing a long text does not count as idle), but at
    most once a minute, so that browsing does not write the session on every request.
    Citizens' sessions (their receipts) keep the site-wide SESSION_COOKIE_AGE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle = settings.GONGKAI_SESSION_IDLE_MINUTES * 60
            now = int(time.time())
            seen = request.session.get(SEEN)
            if isinstance(seen, int) and now - seen > idle:
                # The session backend would have expired it already; this covers a cookie
                # session or a clock change.
                logout(request)
            elif not isinstance(seen, int) or now - seen >= SEEN_EVERY:
                request.session[SEEN] = now
                request.session.set_expiry(idle)
        return self.get_response(request)
