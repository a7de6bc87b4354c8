"""The abuse guard of the public request and status forms, with no picture puzzle to solve.

Many applicants are elderly and some use screen readers, so nothing here asks a person to do
anything: a honeypot field that people never see or hear, a signed timestamp of when the form
was shown (a form sent back within seconds, or after hours, was not filled in by a person in
one sitting), and per-IP rate limits through django-ratelimit on the shared cache. The limits
are settings so that operators and tests can change them:

* ``GONGKAI_FOI_RATE_FILE`` (``"5/h"``): requests filed per IP address;
* ``GONGKAI_FOI_RATE_FORM`` (``"30/h"``): form submissions per IP, valid or not;
* ``GONGKAI_FOI_RATE_STATUS`` (``"20/10m"``): status look-ups per IP;
* ``GONGKAI_FOI_RATE_STATUS_CODE`` (``"10/h"``): look-ups of one tracking code from anywhere,
  so the 4-character verifier cannot be guessed from many addresses;
* ``GONGKAI_FOI_FORM_MIN_SECONDS`` (3) and ``GONGKAI_FOI_FORM_MAX_SECONDS`` (7200).

A rate of ``None`` switches that limit off. If the cache is down the limits fail open (and
log it): the honeypot and the timestamp still apply, and a citizen is never refused because
a cache server is.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"
_SALT = "gongkai.requests.guard.form-shown"

DEFAULTS = {
    "GONGKAI_FOI_RATE_FILE": "5/h",
    "GONGKAI_FOI_RATE_FORM": "30/h",
    "GONGKAI_FOI_RATE_STATUS": "20/10m",
    "GONGKAI_FOI_RATE_STATUS_CODE": "10/h",
    "GONGKAI_FOI_FORM_MIN_SECONDS": 3,
    "GONGKAI_FOI_FORM_MAX_SECONDS": 2 * 3600,
    # The public forms of 与民互动 use the same guard with their own limits (documented in
    # gongkai/interaction/{surveys,consultations,messages}/abuse.py).
    "GONGKAI_SURVEY_RATE_FORM": "30/h",
    "GONGKAI_SURVEY_RATE_RESPONSE": "10/d",
    "GONGKAI_CONSULT_RATE_FORM": "30/h",
    "GONGKAI_CONSULT_RATE_COMMENT": "10/h",
    "GONGKAI_MESSAGE_RATE_FORM": "30/h",
    "GONGKAI_MESSAGE_RATE_SEND": "5/h",
    "GONGKAI_MESSAGE_RATE_VERIFY": "10/h",
    "GONGKAI_MESSAGE_RATE_STATUS": "20/10m",
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


# -- the signed timestamp -------------------------------------------------------------------


class Token(enum.Enum):
    OK = "ok"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    INVALID = "invalid"


def token_messages(button: str) -> dict[Token, str]:
    """What to tell the citizen for each refused token, naming the form's own button."""
    again = f"您填写的内容都还在，请核对后再点一次“{button}”。"
    return {
        Token.TOO_FAST: "提交太快，系统未能确认是本人填写。" + again,
        Token.EXPIRED: "页面已过期，请重新提交。" + again,
        Token.INVALID: "页面信息不完整，请重新提交。" + again,
    }


TOKEN_MESSAGES = token_messages("提交申请")
HONEYPOT_MESSAGE = (
    "提交未成功，请再点一次“提交申请”。如仍不成功，请拨打受理机关电话或到现场提交申请。"
)


def issue_token(now: float | None = None) -> str:
    """A signed record of when the form was shown; goes into a hidden field."""
    shown = time.time() if now is None else now
    return signing.Signer(salt=_SALT).sign_object({"t": int(shown * 1000)}, compress=False)


def check_token(value: str | None, now: float | None = None) -> Token:
    try:
        shown = signing.Signer(salt=_SALT).unsign_object(value or "")["t"] / 1000
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Token.INVALID
    age = (time.time() if now is None else now) - shown
    if age < setting("GONGKAI_FOI_FORM_MIN_SECONDS"):
        return Token.TOO_FAST
    if age > setting("GONGKAI_FOI_FORM_MAX_SECONDS"):
        return Token.EXPIRED
    return Token.OK


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, ""))


# -- rate limits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    limited: bool
    retry_after: int = 0  # seconds until the current window ends

    @property
    def retry_minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def hit(
    request: HttpRequest,
    rate_setting: str,
    *,
    key: str | Callable[[str, HttpRequest], str] = "ip",
    group: str | None = None,
) -> Limit:
    """Count one use against the limit named by ``rate_setting``; say whether it is over."""
    from django_ratelimit.core import get_usage

    rate = setting(rate_setting)
    if not rate:
        return Limit(False)
    try:
        usage = get_usage(request, group=group or rate_setting, key=key, rate=rate, increment=True)
    except Exception:  # a cache server that is down must not turn citizens away
        logger.warning("rate limit %s not checked: cache unavailable", rate_setting, exc_info=True)
        return Limit(False)
    if usage is None:
        return Limit(False)
    if usage["limit"] == 0 and usage["time_left"] == -1:  # django-ratelimit's cache failure
        logger.warning("rate limit %s not checked: cache unavailable", rate_setting)
        return Limit(False)
    return Limit(bool(usage["should_limit"]), max(0, int(usage["time_left"])))
