"""RSS feeds: the latest publications of the platform and of every column."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from gongkai.catalog.models import Column, Document
from gongkai.portal import queries

FEED_SIZE = 30


class _WithoutBuildDate:
    """A feed writer's handler that leaves lastBuildDate out (it is optional in RSS 2.0)."""

    def __init__(self, handler) -> None:
        self._handler = handler

    def addQuickElement(self, name, *args, **kwargs) -> None:  # noqa: N802 (SAX's spelling)
        if name != "lastBuildDate":
            self._handler.addQuickElement(name, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._handler, name)


class StableRssFeed(Rss201rev2Feed):
    """RSS whose bytes depend only on its content: Django dates an empty feed "now", so an
    empty column's feed changed on every request (HTTP caches, the static export)."""

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler if self.items else _WithoutBuildDate(handler))


class _DocumentFeed(Feed):
    feed_type = StableRssFeed

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        parts = [item.unit.name, item.doc_no, f"发布日期：{item.published_on:%Y-%m-%d}"]
        return " · ".join(p for p in parts if p)

    def item_pubdate(self, item: Document) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(0, 0)))

    def item_guid(self, item: Document) -> str:
        return item.index_no

    item_guid_is_permalink = False


class LatestFeed(_DocumentFeed):
    link = "/"
    description = "政府信息公开平台最新发布的政府信息"

    def title(self) -> str:
        return f"{settings.GONGKAI_SITE['name']} · 最新公开"

    def items(self):
        return queries.published_documents().newest_first()[:FEED_SIZE]


class ColumnFeed(_DocumentFeed):
    def get_object(self, request, unit: str, column: str) -> Column:
        return queries.get_column(queries.get_unit(unit), column)

    def title(self, obj: Column) -> str:
        return f"{obj.unit.name} · {obj.name}"

    def link(self, obj: Column) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Column) -> str:
        return obj.description or obj.name

    def items(self, obj: Column):
        return queries.column_listing(obj).documents[:FEED_SIZE]
