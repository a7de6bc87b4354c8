"""Guards on admin areas that are county-wide by nature."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from gongkai.publishing import scope

# Admin areas that list objects of every unit; only county-wide roles may open them.
COUNTY_WIDE_NAMESPACES = {
    "wagtailadmin_reports",
    "wagtailadmin_workflows",
    "wagtailusers_users",
    "wagtailusers_groups",
    "wagtailsettings",
    "wagtailsearch_admin",
    "wagtailredirects",
    "wagtailadmin_locale",
}


class CountyWideAreaMiddleware:
    """Refuse admin areas that would show other units' objects to unit-scoped staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or not request.user.is_authenticated:
            return None
        namespaces = set(match.namespaces)
        if namespaces & COUNTY_WIDE_NAMESPACES and scope.unit_ids(request.user) is not None:
            raise PermissionDenied
        return None
