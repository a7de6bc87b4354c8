"""Two units' staff (the publishing tests' fixtures), a fixed day, and consultations in each state."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache

from gongkai.interaction.consultations import services
from gongkai.interaction.consultations.models import Consultation
from gongkai.requests import guard
from tests.publishing.conftest import (  # noqa: F401 - fixtures
    county,
    edu,
    login,
    make_staff,
    police,
    staff,
)

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fixed_day_and_fresh_limits(monkeypatch):
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    monkeypatch.setattr(services, "today", lambda: TODAY)
    yield
    cache.clear()


def make_consultation(unit, *, live: bool = True, starts_on=None, ends_on=None, **fields):
    """A consultation of `unit`, published (live, with a published revision) unless live=False."""
    data = {
        "title": "《永昌县中小学校课后服务管理办法（征求意见稿）》公开征求意见",
        "draft": "<p>第一条 为规范课后服务，制定本办法。</p>",
        "explanation": "<p>起草说明正文。</p>",
        "email": "yjzj@example.cn",
        "starts_on": starts_on or TODAY - dt.timedelta(days=5),
        "ends_on": ends_on,
        **fields,
    }
    obj = Consultation(unit=unit, live=False, **data)
    obj.save()
    revision = obj.save_revision()
    if live:
        revision.publish(skip_permission_checks=True)
        obj.refresh_from_db()
    return obj


@pytest.fixture
def open_consultation(edu):  # noqa: F811 - the imported fixture
    return make_consultation(edu)


@pytest.fixture
def ended_consultation(edu):  # noqa: F811 - the imported fixture
    return make_consultation(
        edu,
        title="《永昌县学前教育资助实施办法（征求意见稿）》公开征求意见",
        starts_on=TODAY - dt.timedelta(days=60),
        ends_on=TODAY - dt.timedelta(days=30),
    )


def comment_data(**changes) -> dict:
    data = {
        "name": "王建华",
        "contact": "13912345678",
        "text": "建议课后服务延长到18点。",
        "public": "1",
        guard.TOKEN_FIELD: guard.issue_token(now=time.time() - 60),
        guard.HONEYPOT_FIELD: "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
