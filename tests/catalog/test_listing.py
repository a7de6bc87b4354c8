"""Column lists follow every change of a document: publish, unpublish, columns, moved columns."""

from __future__ import annotations

import datetime as dt

from gongkai.catalog.models import Disclosure, ListingEntry
from gongkai.catalog.services import rebuild_listing
from gongkai.portal.queries import column_listing, column_years
from tests.factories import DocumentFactory


def listed(column) -> list[str]:
    return [d.title for d in column_listing(column).documents]


def test_a_published_document_is_listed_in_its_column_and_its_ancestors(document):
    unit = document.unit
    assert listed(unit.columns.get(key="art20-01")) == [document.title]
    assert listed(unit.columns.get(key="proactive")) == [document.title]
    assert listed(unit.columns.get(key="guide")) == []


def test_unpublishing_or_withholding_takes_it_out_of_every_list(document):
    column = document.unit.columns.get(key="art20-01")
    document.live = False
    document.save()
    assert listed(column) == [] and not ListingEntry.objects.exists()
    document.live, document.disclosure = True, Disclosure.ON_REQUEST
    document.save()
    assert listed(column) == []


def test_moving_a_document_to_another_column_moves_it_in_the_lists(document):
    unit = document.unit
    document.columns.set([unit.columns.get(key="guide")])
    document.save()
    assert listed(unit.columns.get(key="guide")) == [document.title]
    assert listed(unit.columns.get(key="art20-01")) == []
    assert listed(unit.columns.get(key="proactive")) == []


def test_moving_a_column_under_another_parent_rebuilds_the_lists(document):
    unit = document.unit
    column = unit.columns.get(key="art20-01")
    column.parent = unit.columns.get(key="system")
    column.save()
    assert listed(unit.columns.get(key="system")) == [document.title]
    assert listed(unit.columns.get(key="proactive")) == []


def test_the_list_is_in_publication_order_and_counts_and_years_come_from_it(unit):
    for year in (2019, 2021, 2021, 2024):
        DocumentFactory(
            unit=unit,
            title=f"{year}年通知",
            written_on=dt.date(year, 1, 2),
            published_on=dt.date(year, 1, 3),
        )
    column = unit.columns.get(key="art20-01")
    listing = column_listing(column)
    assert [d.title for d in listing.documents] == [
        "2024年通知",
        "2021年通知",
        "2021年通知",
        "2019年通知",
    ]
    assert listing.total == 4
    assert column_listing(column, year=2021).total == 2
    assert column_years(column) == [2024, 2021, 2019]


def test_rebuilding_gives_the_same_lists_as_keeping_them_in_step(unit):
    for i in range(5):
        DocumentFactory(unit=unit, title=f"通知{i}", columns=["art20-01", "guide"])
    before = set(ListingEntry.objects.values_list("column_id", "document_id", "published_on"))
    assert rebuild_listing() == len(before) == 15
    assert (
        set(ListingEntry.objects.values_list("column_id", "document_id", "published_on")) == before
    )
