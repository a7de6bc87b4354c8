"""Public pages: home, unit column (信息公开专栏), column lists, documents, attachments, search."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.static import serve

from gongkai.catalog import columns as standard
from gongkai.catalog.models import DocumentAttachment
from gongkai.ops import media
from gongkai.orgs.models import Leader, PlatformGroup, Unit
from gongkai.portal import queries
from gongkai.portal.serializers import document_item
from gongkai.requests.public_views import column_guide
from gongkai.search import services as search_services
from gongkai.search.entries import KIND_LABELS


def _year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 1949 <= year <= 2100 else None


# A page number beyond any list, capped so its OFFSET fits PostgreSQL's bigint (page=10**20
# was a 500 there: "bigint out of range"); any page past the end says so the same way.
MAX_PAGE = 1_000_000


def _page_number(value: str | None) -> int:
    try:
        return min(max(1, int(value or "1")), MAX_PAGE)
    except ValueError:
        return 1


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.active().select_related("parent"))
    groups = [(group, [u for u in units if u.group == group]) for group in PlatformGroup]
    latest = queries.published_documents().newest_first()[:12]
    return render(request, "portal/home.html", {"groups": groups, "latest": latest})


@require_safe
def unit(request: HttpRequest, unit: str) -> HttpResponse:
    the_unit = queries.get_unit(unit)
    columns = {c.key: c for c in the_unit.columns.select_related("unit", "parent")}
    top = [columns[spec.key] for spec in standard.TOP_LEVEL if spec.key in columns]
    statutory = [c for c in columns.values() if c.parent_id and c.parent.key == standard.PROACTIVE]
    latest = queries.published_documents().filter(unit=the_unit).newest_first()[:10]
    return render(
        request,
        "portal/unit.html",
        {
            "unit": the_unit,
            "top_columns": top,
            "statutory": statutory,
            "leaders": the_unit.leaders.select_related("photo").all(),
            "bodies": the_unit.bodies.all(),
            "children": the_unit.children.filter(is_active=True),
            "latest": latest,
        },
    )


@require_safe
def leader(request: HttpRequest, unit: str, pk: int) -> HttpResponse:
    the_unit = queries.get_unit(unit)
    person = get_object_or_404(Leader, unit=the_unit, pk=pk)
    return render(request, "portal/leader.html", {"unit": the_unit, "leader": person})


def _column_context(request: HttpRequest, unit: str, column: str) -> dict:
    the_unit = queries.get_unit(unit)
    the_column = queries.get_column(the_unit, column)
    year = _year(request.GET.get("year"))
    text = queries.clean_query(request.GET.get("q"))
    listing = queries.column_listing(the_column, year=year, text=text)
    paginator = queries.CountedPaginator(listing.documents, queries.PAGE_SIZE, listing.total)
    page = paginator.get_page(_page_number(request.GET.get("page")))
    return {
        "unit": the_unit,
        "column": the_column,
        "subcolumns": the_column.children.select_related("unit"),
        "year": year,
        "q": text,
        "years": queries.column_years(the_column),
        "page": page,
        "groups": queries.group_by_year(list(page.object_list), page.start_index()),
        # 依申请公开: how to apply, above the list.
        "request_guide": column_guide(the_unit, the_column.key),
    }


@require_safe
def column(request: HttpRequest, unit: str, column: str) -> HttpResponse:
    return render(request, "portal/column.html", _column_context(request, unit, column))


@require_safe
def column_json(request: HttpRequest, unit: str, column: str) -> JsonResponse:
    context = _column_context(request, unit, column)
    page = context["page"]
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "items": [document_item(request, d) for d in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def document(request: HttpRequest, unit: str, number: str) -> HttpResponse:
    withdrawn = queries.get_withdrawn_document(unit, number)
    if withdrawn is not None:
        # 撤稿: the address stays and says what happened; 410 tells search engines to drop it.
        return render(request, "portal/withdrawn.html", {"document": withdrawn}, status=410)
    doc = queries.get_published_document(unit, number)
    published = queries.published_documents()
    context = {
        "document": doc,
        "unit": doc.unit,
        "columns": doc.columns.select_related("unit"),
        "attachments": doc.attachments.select_related("file"),
        "interpretations": published.filter(interprets=doc),
        "interprets": published.filter(interpretations=doc),
        "replaced_by": (
            published.filter(pk=doc.replaced_by_id).first() if doc.replaced_by_id else None
        ),
        "replaces": published.filter(replaced_by=doc),
        "report_chart": report_chart(doc),
    }
    return render(request, "portal/document.html", context)


def report_chart(doc):
    """For a published annual report with fixed tables: the chart's text alternative."""
    from gongkai.reports import chart, tables
    from gongkai.reports.models import AnnualReport

    record = AnnualReport.objects.filter(document=doc).exclude(frozen_sections={}).first()
    if record is None:
        return None
    last = (
        AnnualReport.objects.filter(unit_id=record.unit_id, year=record.year - 1)
        .exclude(frozen_sections={})
        .first()
    )
    this_tables = tables.from_json(record.frozen_sections)
    last_tables = tables.from_json(last.frozen_sections) if last else None
    return {
        "record": record,
        "this": this_tables,
        "last": last_tables,
        "alt": chart.comparison_text(record.year, this_tables, last_tables),
    }


@require_safe
def report_chart_svg(request: HttpRequest, unit: str, number: str) -> HttpResponse:
    from gongkai.reports import chart

    doc = queries.get_published_document(unit, number)
    data = report_chart(doc)
    if data is None:
        raise Http404("不是年度报告")
    svg = chart.comparison_svg(doc.unit.name, data["record"].year, data["this"], data["last"])
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def attachment(request: HttpRequest, unit: str, number: str, pk: int, filename: str):
    doc = queries.get_published_document(unit, number)
    item = get_object_or_404(DocumentAttachment.objects.select_related("file"), document=doc, pk=pk)
    if item.filename != filename:
        raise Http404("附件不存在")
    content_type = mimetypes.guess_type(item.filename)[0] or "application/octet-stream"
    response = FileResponse(item.file.file.open("rb"), content_type=content_type)
    # Office files download; PDFs and pictures open in the browser.
    inline = content_type in {"application/pdf", "image/png", "image/jpeg", "text/plain"}
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(item.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


SEARCH_FILTERS = ("kind", "unit", "column", "year", "validity")


def _search_url(params: dict[str, str], **changes: str | None) -> str:
    """/search/?… with params changed (None drops one); a filter change goes back to page 1."""
    merged = {**params, **changes}
    if "page" not in changes:
        merged.pop("page", None)
    return "?" + urlencode({k: v for k, v in merged.items() if v})


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    text = queries.clean_query(request.GET.get("q"))
    chosen = {name: request.GET.get(name, "")[:20] for name in SEARCH_FILTERS}
    context: dict = {"q": text, "result": None}
    if text:
        result = search_services.search(text, chosen, page=_page_number(request.GET.get("page")))
        params = {"q": text, **result.filters}
        for facet in result.facets:
            facet.links = [
                (label, count, _search_url(params, **{facet.name: value}), value == facet.selected)
                for value, label, count in facet.options
            ]
            facet.clear = _search_url(params, **{facet.name: None}) if facet.selected else ""
        context.update(
            result=result,
            kinds=_kind_tabs(result, params),
            previous=_search_url(params, page=str(result.page - 1)) if result.page > 1 else "",
            next=_search_url(params, page=str(result.page + 1))
            if result.page < result.pages
            else "",
            suggested=_search_url({"q": result.suggested_query}) if result.suggestion else "",
            clear_all=_search_url({"q": text}) if result.filters else "",
            first_page=_search_url(params),
            start=(result.page - 1) * result.per_page + 1,
        )
    return render(request, "portal/search.html", context)


def _kind_tabs(result, params: dict[str, str]) -> list[tuple[str, int | None, str, bool]]:
    """全部 and one tab per kind of hit that has any, with its count."""
    selected = result.filters.get("kind", "")
    total = sum(result.kind_counts.values())
    tabs = [("全部", total, _search_url(params, kind=None), not selected)]
    for kind, label in KIND_LABELS.items():
        count = result.kind_counts.get(kind.value, 0)
        if count or selected == kind.value:
            tabs.append(
                (label, count, _search_url(params, kind=kind.value), selected == kind.value)
            )
    return tabs


@require_safe
def image_rendition(request: HttpRequest, path: str):
    if media.on_disk():
        root = Path(settings.MEDIA_ROOT) / "images"
        response = serve(request, path, document_root=str(root))
    else:  # the private bucket (ops/media.py); `path` holds no "/" (urls.py)
        name = f"images/{path}"
        if path in {".", ".."} or not default_storage.exists(name):
            raise Http404("图片不存在")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An API client reads JSON, as from the API's own 404s (a URL no route matches).
        return JsonResponse({"detail": "Not Found"}, status=404)
    return render(request, "portal/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/500.html", status=500)
