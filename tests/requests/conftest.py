"""Staff of two units under one county (the publishing tests' fixtures), and a request."""

from __future__ import annotations

from tests.publishing.conftest import county, edu, login, make_staff, police, staff  # noqa: F401
