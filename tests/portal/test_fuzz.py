"""Whatever a citizen types into a filter or the API, the answer is a page, never a 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(max_size=200)
fuzz = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@fuzz
@given(q=text, year=text, page=text)
def test_column_filters_never_fail(client, document, q, year, page):
    response = client.get(
        f"/u/{document.unit.code}/c/art20-01/", {"q": q, "year": year, "page": page}
    )
    assert response.status_code == expected(q, year, page)


@fuzz
@given(q=text)
def test_search_never_fails(client, document, q):
    assert client.get("/search/", {"q": q}).status_code == expected(q)


@fuzz
@given(q=text, unit=text, column=text, year=text)
def test_the_documents_api_answers_200_or_422(client, document, q, unit, column, year):
    response = client.get(
        "/api/v1/documents", {"q": q, "unit": unit, "column": column, "year": year}
    )
    assert response.status_code in (
        (200, 422) if expected(q, unit, column, year) == 200 else (400,)
    )


def expected(*values: str) -> int:
    """NUL never reaches a view (PostgreSQL cannot compare it): 400 with a message."""
    return 400 if any("\x00" in v for v in values) else 200


def test_a_nul_anywhere_in_the_url_is_a_clear_400(client, document):
    for url in ["/u/%00/", "/api/v1/documents?unit=%00", "/d/%00/2024-00001/", "/search/?q=a%00b"]:
        response = client.get(url)
        assert response.status_code == 400 and "无效字符" in response.content.decode()
