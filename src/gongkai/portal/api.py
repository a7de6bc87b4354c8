"""The public JSON API, /api/v1/, with its OpenAPI schema at /api/v1/openapi.json. Published data only."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, P, PathEx, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from gongkai.catalog.models import Column
from gongkai.orgs.models import Unit
from gongkai.portal import queries
from gongkai.portal.serializers import document_item, unit_item
from gongkai.search import services as search_services

api = NinjaAPI(
    title="gongkai 政府信息公开平台 API",
    version="1",
    description="公开的机构和政府信息。只返回已公开的数据。",
    urls_namespace="api",
)

MAX_PAGE_SIZE = 100


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    return api.create_response(
        request, {"detail": "请求参数有误 / invalid parameters", "errors": exc.errors}, status=422
    )


class ErrorOut(Schema):
    detail: str


class InvalidOut(ErrorOut):
    errors: list[dict]  # pydantic's errors: type, loc, msg


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    parent: str | None
    kind: str
    url: str


class UnitList(Schema):
    count: int
    items: list[UnitOut]


class DocumentOut(Schema):
    index_no: str
    title: str
    doc_no: str | None
    written_on: str
    published_on: str | None
    unit: str
    columns: list[str]
    validity: str
    url: str


class DocumentList(Schema):
    count: int
    items: list[DocumentOut]


class SearchHitOut(DocumentOut):
    score: float
    snippet: str  # plain text; the matched words are in marks
    marks: list[list[int]]  # [start, end) of each matched part of snippet


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class DocumentSearch(Schema):
    count: int
    query: str
    suggestion: str | None
    items: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]


class AttachmentOut(Schema):
    title: str
    type: str
    size: int
    url: str


class DocumentDetail(DocumentOut):
    publisher: str
    topic: str
    keywords: list[str]
    form: str
    disclosure: str
    replaced_by: str | None
    interprets: list[str]
    interpretations: list[str]
    body_html: str
    attachments: list[AttachmentOut]


# Bounds keep a typed number inside what a date and an SQL OFFSET can hold: a year outside
# 1–9999 or a page beyond 64 bits was a 500 (ValueError, OverflowError), now a 422.
MAX_PAGE = 1_000_000


# NUL never reaches a view (PostgreSQL cannot store or compare it): the site answers 400 to any
# request that holds one (portal/middleware.py). The schema says so, so that a client generating
# requests from it knows a NUL is not a valid value.
NO_NUL = r"^[^\x00]*$"
NUL_REJECTED = {
    "responses": {
        "400": {
            "description": "请求中含有无效字符（NUL） / the request contains a NUL character",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    }
}


class DocumentFilter(Schema):
    unit: str | None = Field(None, pattern=NO_NUL)
    column: str | None = Field(None, pattern=NO_NUL)
    year: int | None = Field(None, ge=0, le=9999)  # 0: no filter, as before
    q: str | None = Field(None, pattern=NO_NUL)
    page: int = Field(1, ge=-MAX_PAGE, le=MAX_PAGE)  # below 1: the first page, as before
    page_size: int = Field(20, ge=-MAX_PAGE, le=MAX_PAGE)  # clamped to 1–100 below


@api.get("/units", response=UnitList, summary="机构列表")
def list_units(request: HttpRequest):
    units = Unit.objects.active().select_related("parent")
    items = [unit_item(request, u) for u in units]
    return {"count": len(items), "items": items}


@api.get(
    "/documents",
    response={200: DocumentSearch | DocumentList, 422: InvalidOut},
    openapi_extra=NUL_REJECTED,
    summary="政府信息列表；带 q 时为全文检索（按相关度排序，含摘要和分面统计）",
)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter]):
    page_size = min(max(filters.page_size, 1), MAX_PAGE_SIZE)
    text = queries.clean_query(filters.q)
    if text:
        return _search_documents(request, text, filters, page_size)
    start = (max(filters.page, 1) - 1) * page_size
    if filters.unit and filters.column:
        column = Column.objects.filter(unit__code=filters.unit, key=filters.column).first()
        if column is None:
            return {"count": 0, "items": []}
        listing = queries.column_listing(column, year=filters.year)
        documents, total = listing.documents, listing.total
    else:
        documents = queries.published_documents().defer("body")
        if filters.unit:
            documents = documents.filter(unit__code=filters.unit)
        if filters.column:
            documents = documents.filter(columns__key=filters.column).distinct()
        documents = queries.filter_documents(documents, year=filters.year)
        documents = documents.newest_first()
        total = documents.count()
    documents = documents.prefetch_related("columns")
    items = [document_item(request, d) for d in documents[start : start + page_size]]
    return {"count": total, "items": items}


def _search_documents(request: HttpRequest, text: str, filters: DocumentFilter, page_size: int):
    """Full-text search of published documents, best first (see gongkai.search)."""
    params = {
        "kind": "document",
        "unit": filters.unit or "",
        "column": filters.column or "",
        "year": str(filters.year or ""),
    }
    result = search_services.search(text, params, page=max(filters.page, 1), per_page=page_size)
    docs = {
        d.pk: d
        for d in queries.published_documents()
        .filter(pk__in=[item.doc.pk for item in result.hits if item.doc])
        .prefetch_related("columns")
    }
    items = []
    for item in result.hits:
        doc = docs.get(item.doc.pk) if item.doc else None
        if doc is None:
            continue  # published tomorrow, or withdrawn a moment ago
        snippet, marks, at = "", [], 0
        for part, marked in item.snippet.pieces:
            if marked:
                marks.append([at, at + len(part)])
            snippet += part
            at += len(part)
        items.append(
            {
                **document_item(request, doc),
                "score": item.hit.score,
                "snippet": snippet,
                "marks": marks,
            }
        )
    facets = {
        facet.name: [{"value": v, "label": label, "count": n} for v, label, n in facet.options]
        for facet in result.facets
        if facet.name != "kind"
    }
    return {
        "count": result.total,
        "query": result.query.raw,
        "suggestion": result.suggested_query or None,
        "items": items,
        "facets": facets,
    }


@api.get(
    "/documents/{path:index_no}",
    response={200: DocumentDetail, 404: ErrorOut},
    summary="一条政府信息；没有这条已公开的信息时 404",
    openapi_extra=NUL_REJECTED,
)
def get_document(request: HttpRequest, index_no: PathEx[str, P(pattern=NO_NUL)]):
    code, _, number = index_no.partition("/")
    if not number:
        raise Http404
    doc = queries.get_published_document(code, number)
    published = queries.published_documents()
    replacement = published.filter(pk=doc.replaced_by_id).first()
    return {
        **document_item(request, doc),
        "publisher": doc.publisher,
        "topic": doc.topic,
        "keywords": doc.keywords.split(),
        "form": doc.form,
        "disclosure": doc.disclosure,
        "replaced_by": replacement.index_no if replacement else None,
        "interprets": list(
            published.filter(interpretations=doc).values_list("index_no", flat=True)
        ),
        "interpretations": list(
            published.filter(interprets=doc).values_list("index_no", flat=True)
        ),
        "body_html": doc.body,
        "attachments": [
            {
                "title": a.display_title,
                "type": a.extension,
                "size": a.file.get_file_size() or 0,
                "url": request.build_absolute_uri(a.get_absolute_url()),
            }
            for a in doc.attachments.select_related("file")
        ],
    }
