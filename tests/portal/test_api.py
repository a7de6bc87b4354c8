"""JSON API /api/v1/ with its OpenAPI schema: published data only."""

from __future__ import annotations

import datetime as dt

from tests.factories import DocumentFactory, UnitFactory


def test_units_list_has_the_contracted_fields(client, unit):
    child = UnitFactory(code="620321095", name="永昌县测试所", parent=unit)
    data = client.get("/api/v1/units").json()
    assert data["count"] == 2
    item = next(i for i in data["items"] if i["code"] == child.code)
    assert set(item) == {"code", "name", "short_name", "parent", "kind", "url"}
    assert item["parent"] == unit.code and item["url"].endswith(f"/u/{child.code}/")


def test_documents_list_filters_by_unit_column_year_and_text(client, document):
    DocumentFactory(
        unit=document.unit,
        title="另一份通知",
        written_on=dt.date(2023, 1, 1),
        published_on=dt.date(2023, 1, 2),
    )
    code = document.unit.code
    data = client.get(
        "/api/v1/documents", {"unit": code, "column": "art20-01", "year": 2024}
    ).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert set(item) == {
        "index_no",
        "title",
        "doc_no",
        "written_on",
        "published_on",
        "unit",
        "columns",
        "validity",
        "url",
    }
    assert item == {
        "index_no": document.index_no,
        "title": document.title,
        "doc_no": "永测发〔2024〕3号",
        "written_on": "2024-03-01",
        "published_on": "2024-03-05",
        "unit": code,
        "columns": ["art20-01"],
        "validity": "valid",
        "url": "http://testserver" + document.get_absolute_url(),
    }
    assert client.get("/api/v1/documents", {"q": "另一份"}).json()["count"] == 1
    assert client.get("/api/v1/documents", {"unit": code, "column": "guide"}).json()["count"] == 0


def test_one_document_by_index_number(client, document):
    data = client.get(f"/api/v1/documents/{document.index_no}").json()
    assert data["index_no"] == document.index_no and "现将有关事项通知如下" in data["body_html"]


def test_bad_parameters_get_a_clear_422_not_a_500(client, document):
    response = client.get("/api/v1/documents", {"year": "abc"})
    assert response.status_code == 422 and "请求参数有误" in response.json()["detail"]


def test_the_openapi_schema_describes_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/documents"} <= set(schema["paths"])
