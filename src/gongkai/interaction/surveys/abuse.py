"""The abuse guard of the survey form: requests/guard.py (honeypot, signed timestamp, per-IP
limits) with 网上调查's own rate settings, and the signed cookie of one response per person.

* ``GONGKAI_SURVEY_RATE_FORM`` (``"30/h"``): survey form submissions per IP, valid or not;
* ``GONGKAI_SURVEY_RATE_RESPONSE`` (``"10/d"``): responses stored per IP and survey. Not 1:
  a school, an office or a village shares one address, and the cookie already stops the
  same browser from answering twice.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from gongkai.requests import guard

RATE_FORM = "GONGKAI_SURVEY_RATE_FORM"
RATE_RESPONSE = "GONGKAI_SURVEY_RATE_RESPONSE"


TOKEN_MESSAGES = guard.token_messages("提交答卷")
HONEYPOT_MESSAGE = "提交未成功，请再点一次“提交答卷”。"
ALREADY_MESSAGE = "您已参与过本次调查，每人只能提交一次答卷。感谢您的参与。"

_COOKIE_SALT = "gongkai.surveys.answered"
_COOKIE_DAYS = 365


def cookie_name(survey_id: int) -> str:
    return f"gk_survey_{survey_id}"


def already_answered(request: HttpRequest, survey_id: int) -> bool:
    value = request.get_signed_cookie(cookie_name(survey_id), default=None, salt=_COOKIE_SALT)
    return value == str(survey_id)


def mark_answered(response: HttpResponse, survey_id: int) -> None:
    response.set_signed_cookie(
        cookie_name(survey_id),
        str(survey_id),
        salt=_COOKIE_SALT,
        max_age=_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        path="/surveys/",
    )
