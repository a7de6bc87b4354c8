"""Staff of two units under one county (the publishing tests' fixtures)."""

from __future__ import annotations

from tests.publishing.conftest import county, edu, login, make_staff, police, staff  # noqa: F401
