"""Fixtures of the security tests: the staff of two units and the clocks, limits and objects of
the tests of each input (imported, not copied, so both suites fill the forms the same way)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from gongkai.requests import public_views
from tests.interaction.consultations.conftest import (  # noqa: F401 - fixtures
    _fixed_day_and_fresh_limits,
    ended_consultation,
    open_consultation,
)
from tests.interaction.messages.conftest import open_message  # noqa: F401 - fixture
from tests.interaction.surveys.conftest import (  # noqa: F401 - fixtures
    _fixed_clock_and_fresh_limits,
    open_survey,
)
from tests.publishing.conftest import (  # noqa: F401 - fixtures
    county,
    draft,
    edu,
    login,
    make_staff,
    police,
    staff,
)

RECEIVED = date(2024, 1, 16)


@pytest.fixture(autouse=True)
def _fresh_limits_and_a_fixed_day(monkeypatch, settings):
    # The staff fixture hashes eight passwords per test; no test here is about the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate-limit counters live in the (local-memory) cache
    monkeypatch.setattr(public_views, "today_in_china", lambda: RECEIVED)
    yield
    cache.clear()
