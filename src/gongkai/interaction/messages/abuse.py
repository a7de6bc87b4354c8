"""The abuse guard of the message form: requests/guard.py (honeypot, signed timestamp, per-IP
limits) with 留言's own rate settings (defaults in guard.DEFAULTS):

* ``GONGKAI_MESSAGE_RATE_FORM`` (``"30/h"``): message form posts per IP, valid or not;
* ``GONGKAI_MESSAGE_RATE_SEND`` (``"5/h"``): messages stored per IP;
* ``GONGKAI_MESSAGE_RATE_VERIFY`` (``"10/h"``): e-mail code checks and re-sends per IP;
* ``GONGKAI_MESSAGE_RATE_STATUS`` (``"20/10m"``): look-ups by 查询码 per IP.
"""

from __future__ import annotations

from gongkai.requests import guard

RATE_FORM = "GONGKAI_MESSAGE_RATE_FORM"
RATE_SEND = "GONGKAI_MESSAGE_RATE_SEND"
RATE_VERIFY = "GONGKAI_MESSAGE_RATE_VERIFY"
RATE_STATUS = "GONGKAI_MESSAGE_RATE_STATUS"

TOKEN_MESSAGES = guard.token_messages("提交留言")
HONEYPOT_MESSAGE = "提交未成功，请再点一次“提交留言”。如仍不成功，请拨打页面下方的电话。"
