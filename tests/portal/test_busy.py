"""A database held by another writer (SQLite's lock outlasting its busy timeout) gives the
visitor a "busy, send it again" page, not the 500 page; other database errors stay errors."""

import pytest
from django.db import OperationalError
from django.test import Client

from gongkai.portal import queries

pytestmark = pytest.mark.django_db


def raising(message):
    def query(*args, **kwargs):
        raise OperationalError(message)

    return query


def test_a_locked_database_answers_503_busy_with_retry_after(monkeypatch):
    monkeypatch.setattr(queries, "published_documents", raising("database is locked"))
    response = Client().get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "网站繁忙" in text and "没有保存" in text and "The site is busy" in text


def test_another_database_error_is_still_the_500_page(monkeypatch):
    monkeypatch.setattr(queries, "published_documents", raising("no such table: x"))
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()
