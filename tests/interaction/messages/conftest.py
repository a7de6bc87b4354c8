"""Two units' staff (the publishing tests' fixtures), fresh rate limits, and messages in each
state. Dates are fixed where a rule depends on them: tests never depend on today's date."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.interaction.messages import services
from gongkai.interaction.messages.models import Message, MessageKind, MessageReply
from gongkai.requests import guard
from tests.publishing.conftest import (  # noqa: F401 - fixtures
    county,
    edu,
    login,
    make_staff,
    police,
    staff,
)

# A Tuesday before the 2026 Spring Festival (2026-02-15 … 02-23 off, 02-14 and 02-28 worked).
RECEIVED = dt.datetime(2026, 2, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    yield
    cache.clear()


def submit(unit, *, kind=MessageKind.CONSULT, at=RECEIVED, **fields) -> Message:
    data = {
        "subject": "小学新生入学需要哪些材料",
        "text": "孩子今年上一年级，我是王建华，电话13912345678，请问报名要带什么材料？",
        "name": "王建华",
        "phone": "13912345678",
        "email": "",
        "public": True,
        **fields,
    }
    return services.submit(unit=unit, kind=kind, at=at, **data)


def answer(message: Message, text="请携带户口簿和预防接种证。", *, at=None) -> MessageReply:
    """Publish a reply as the completed review would."""
    reply = MessageReply(message=message, text=text, live=False)
    reply.save()
    with services.clock(at or timezone.now()):
        reply.save_revision().publish(skip_permission_checks=True)
    message.refresh_from_db()
    return reply


def form_data(unit, **changes) -> dict:
    data = {
        "unit": unit.code,
        "kind": "consult",
        "subject": "小学新生入学需要哪些材料",
        "text": "孩子今年上一年级，请问报名需要带哪些材料？",
        "name": "王建华",
        "phone": "139 1234 5678",
        "email": "",
        "public": "1",
        guard.TOKEN_FIELD: guard.issue_token(now=time.time() - 60),
        guard.HONEYPOT_FIELD: "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def open_message(edu):  # noqa: F811 - the imported fixture
    return submit(edu)
