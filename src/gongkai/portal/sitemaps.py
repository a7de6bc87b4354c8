"""sitemap.xml: units, columns and every published document."""

from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from gongkai.catalog.models import Column
from gongkai.orgs.models import Unit
from gongkai.portal import queries


class UnitSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Unit.objects.active()


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.filter(unit__is_active=True).select_related("unit").order_by("pk")


class DocumentSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self):
        return queries.published_documents().order_by("pk")

    def lastmod(self, item):
        # Always a date: Django compares every item's lastmod, and a datetime (documents
        # published through review) and a date (imported ones) cannot be compared — the
        # sitemap answered 500 on the demo data (found by the static export).
        if item.last_published_at:
            return timezone.localdate(item.last_published_at)
        return item.published_on


SITEMAPS = {"units": UnitSitemap, "columns": ColumnSitemap, "documents": DocumentSitemap}
