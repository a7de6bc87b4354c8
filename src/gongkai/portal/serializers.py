"""The JSON shape of units and documents, shared by the API and the column JSON lists."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.catalog.models import Document
from gongkai.orgs.models import Unit


def unit_item(request: HttpRequest, unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "parent": unit.parent.code if unit.parent_id else None,
        "kind": unit.kind,
        "url": request.build_absolute_uri(unit.get_absolute_url()),
    }


def document_item(request: HttpRequest, document: Document) -> dict:
    return {
        "index_no": document.index_no,
        "title": document.title,
        "doc_no": document.doc_no or None,
        "written_on": document.written_on.isoformat(),
        "published_on": document.published_on.isoformat() if document.published_on else None,
        "unit": document.unit.code,
        "columns": [column.key for column in document.columns.all()],
        "validity": document.validity,
        "url": request.build_absolute_uri(document.get_absolute_url()),
    }
