"""/api/v1 fuzzed from its own OpenAPI schema (schemathesis): whatever a client sends within
or outside the schema, the answer is never a 5xx, and every answer is one the schema documents
(status code, content type, body shape)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

# Deterministic (derandomize: the same examples on every run and machine) and bounded: the three
# operations take a few seconds each on SQLite.
fuzz = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def _schema() -> dict:
    from gongkai.portal.api import api

    return api.get_openapi_schema()


# Loaded from the API object rather than through a fixture: schemathesis' lazy fixture loader
# reads a private attribute pytest 9 no longer has.
schema = schemathesis.openapi.from_dict(_schema())


@pytest.fixture
def site():
    """The site's WSGI application: each case goes through every middleware, as a browser's.
    As in Django's test client, neither the start nor the end of a request closes the database
    connection, which holds the test's transaction (and its document)."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


@schema.parametrize()
@fuzz
def test_the_api_answers_every_request_as_its_schema_says(case, site, document):
    case.call_and_validate(app=site)


def test_an_api_url_that_no_route_matches_answers_json(client, db):
    # A line break in a path never matches a route (found by the test above): the site's HTML
    # 404 page was the answer.
    response = client.get("/api/v1/documents/7%0Aabc")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}
    assert "页面不存在" in client.get("/no-such-page/").content.decode()
