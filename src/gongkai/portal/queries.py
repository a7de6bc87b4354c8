"""What the public portal reads: published documents only, filtered the way citizens ask."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from gongkai.catalog.docno import DocNoError, parse_doc_no
from gongkai.catalog.models import Column, Document, ListingEntry
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


def get_withdrawn_document(unit_code: str, number: str) -> Document | None:
    """A document withdrawn (撤稿) after publication: its page becomes a tombstone."""
    return (
        Document.objects.filter(
            index_no=f"{unit_code}/{number}", live=False, withdrawn_at__isnull=False
        )
        .select_related("unit")
        .first()
    )


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


@dataclass
class ColumnListing:
    """One page of a column's list: rows in list order and the total, read off ListingEntry."""

    documents: QuerySet[Document]
    total: int


def column_listing(column: Column, *, year: int | None = None, text: str = "") -> ColumnListing:
    """The column's published documents (its sub-columns' included), newest first.

    Ordering, the year filter and the count use the listing table's index, so a column's
    first page costs the same at 100 or 100,000 documents; only a text filter scans.
    """
    today = timezone.localdate()
    entries = ListingEntry.objects.filter(column=column, published_on__lte=today)
    in_list = Q(listing_entries__column=column)
    if year:
        span = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        entries = entries.filter(published_on__range=span)
        in_list &= Q(listing_entries__published_on__range=span)
    documents = (
        published_documents()
        .filter(in_list)
        .defer("body")
        .order_by(
            "-listing_entries__published_on",
            "-listing_entries__index_year",
            "-listing_entries__index_seq",
        )
    )
    text = clean_query(text)
    if text:
        documents = filter_documents(documents, text=text)
        return ColumnListing(documents, documents.count())
    return ColumnListing(documents, entries.count())


def column_years(column: Column) -> list[int]:
    """Years with publications in the column, newest first: one index lookup per year."""
    entries = ListingEntry.objects.filter(column=column)
    years: list[int] = []
    upper = timezone.localdate()
    while latest := entries.filter(published_on__lte=upper).aggregate(m=Max("published_on"))["m"]:
        years.append(latest.year)
        upper = dt.date(latest.year - 1, 12, 31)
    return years


class CountedPaginator(Paginator):
    """A paginator told its total, so it does not run COUNT(*) over a join."""

    def __init__(self, object_list, per_page: int, total: int) -> None:
        super().__init__(object_list, per_page)
        self._total = total

    @cached_property
    def count(self) -> int:
        return self._total


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
