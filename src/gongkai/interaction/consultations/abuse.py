"""The abuse guard of the comment form: requests/guard.py (honeypot, signed timestamp, per-IP
limits) with 意见征集's own rate settings.

* ``GONGKAI_CONSULT_RATE_FORM`` (``"30/h"``): comment form submissions per IP, valid or not;
* ``GONGKAI_CONSULT_RATE_COMMENT`` (``"10/h"``): comments stored per IP.

Their defaults are in guard.DEFAULTS, beside the request form's.
"""

from __future__ import annotations

from gongkai.requests import guard

RATE_FORM = "GONGKAI_CONSULT_RATE_FORM"
RATE_COMMENT = "GONGKAI_CONSULT_RATE_COMMENT"


TOKEN_MESSAGES = guard.token_messages("提交意见")
HONEYPOT_MESSAGE = "提交未成功，请再点一次“提交意见”。如仍不成功，请通过邮寄或电子邮件提出意见。"
