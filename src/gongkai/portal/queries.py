"""What the public portal reads: published documents only, filtered the way citizens ask."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.catalog.docno import DocNoError, parse_doc_no
from gongkai.catalog.models import Column, Document
from gongkai.orgs.models import Unit

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100


def clean_query(text: str | None) -> str:
    """What a citizen typed, without control characters (PostgreSQL refuses NUL), trimmed."""
    text = "".join(ch for ch in (text or "") if unicodedata.category(ch) != "Cc")
    return text.strip()[:MAX_QUERY_LENGTH]


def published_documents() -> QuerySet[Document]:
    return Document.objects.published().select_related("unit")


def get_unit(code: str) -> Unit:
    try:
        return Unit.objects.active().get(code=code)
    except Unit.DoesNotExist:
        raise Http404("没有这个机构") from None


def get_column(unit: Unit, key: str) -> Column:
    try:
        return Column.objects.select_related("unit", "parent").get(unit=unit, key=key)
    except Column.DoesNotExist:
        raise Http404("没有这个栏目") from None


def get_published_document(unit_code: str, number: str) -> Document:
    try:
        return published_documents().get(index_no=f"{unit_code}/{number}")
    except Document.DoesNotExist:
        raise Http404("没有这条政府信息，或者它尚未公开") from None


def filter_documents(
    documents: QuerySet[Document], *, year: int | None = None, text: str = ""
) -> QuerySet[Document]:
    """Filter by publication year and by a text typed by a citizen.

    A text that parses as a 发文字号 (in any bracket style) matches that number exactly;
    any other text matches titles and numbers containing it. Full-text search with word
    segmentation is the search issue's work.
    """
    if year:
        documents = documents.filter(published_on__year=year)
    text = clean_query(text)
    if text:
        try:
            number = parse_doc_no(text)
        except DocNoError:
            documents = documents.filter(Q(title__icontains=text) | Q(doc_no__icontains=text))
        else:
            documents = documents.filter(
                doc_no_prefix=number.prefix, doc_no_year=number.year, doc_no_seq=number.seq
            )
    return documents


def column_documents(column: Column) -> QuerySet[Document]:
    keys = column.descendants_and_self()
    if len(keys) == 1:
        return published_documents().filter(columns=column)
    return published_documents().filter(
        pk__in=Document.columns.through.objects.filter(column__in=keys).values("document_id")
    )


def years_of(documents: QuerySet[Document]) -> list[int]:
    return sorted({d.year for d in documents.dates("published_on", "year")}, reverse=True)


@dataclass
class YearGroup:
    year: int
    rows: list[tuple[int, Document]]


def group_by_year(documents: list[Document], first_number: int) -> list[YearGroup]:
    """The seed page's list: rows numbered 序号 across pages, under a heading per year."""
    numbered = list(enumerate(documents, start=first_number))
    return [
        YearGroup(year, list(rows))
        for year, rows in groupby(numbered, key=lambda row: row[1].published_on.year)
    ]
