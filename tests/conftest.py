"""Shared fixtures. Browser fixtures live in tests/e2e/conftest.py."""

from __future__ import annotations

import os

import pytest

# pytest-django's live server and Playwright's sync API share a thread with an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unit(db):
    from tests.factories import UnitFactory

    return UnitFactory(code="620321099", name="永昌县测试局", short_name="永测")


@pytest.fixture
def document(unit):
    from tests.factories import DocumentFactory

    return DocumentFactory(
        unit=unit, title="永昌县测试局关于做好2024年政务公开工作的通知", doc_no="永测发〔2024〕3号"
    )
