"""Staff in groups (the publishing tests' fixtures) and the calendar's two kinds of user."""

from __future__ import annotations

import pytest

from gongkai.publishing.roles import Role
from tests.publishing.conftest import county, edu, login, make_staff  # noqa: F401


@pytest.fixture
def office(make_staff, county):  # noqa: F811 - the imported fixtures
    """A 公开办 officer, who keeps the calendar."""
    return make_staff("gongkaiban", Role.OFFICE, county, full_name="县政务公开办 陈静")


@pytest.fixture
def officer(make_staff, edu):  # noqa: F811 - the imported fixtures
    """An 信息员 of 教育局, who must not reach the calendar."""
    return make_staff("xinxiyuan", Role.OFFICER, edu)
