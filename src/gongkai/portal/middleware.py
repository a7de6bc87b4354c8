"""Site-wide request guards: NUL characters refused, the Content-Security-Policy, where the
back office answers.

Requests carrying NUL characters are refused up front with a clear message.

No citizen types a NUL; it comes from probes. PostgreSQL cannot store or compare text with
NUL, so letting one reach a query would turn a bad request into a server error.
"""

from __future__ import annotations

import logging

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

from gongkai.cli import is_locked

logger = logging.getLogger(__name__)


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or any("\x00" in value for values in request.GET.lists() for value in values[1])
        ):
            return HttpResponseBadRequest(
                "请求中含有无效字符（NUL），请检查后重试。 / The request contains a NUL character.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class BusyDatabaseMiddleware:
    """A request whose write waited for SQLite's lock until the busy timeout ran out (a backup
    restore, a long import) answers 503 "busy, send it again" with Retry-After, not the 500
    page: the statement that failed wrote nothing and nothing is broken. The page is static (no
    query: the database is busy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and is_locked(exception)):
            return None
        logger.warning(
            "database busy, answered 503: %s %s (%s)", request.method, request.path, exception
        )
        response = HttpResponse(render_to_string("portal/503.html"), status=503)
        response["Retry-After"] = "30"
        return response


# The back office's paths: Wagtail's admin and its staff-only document serving (urls.py).
BACK_OFFICE_PREFIXES = ("/admin/", "/documents/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header (settings.CONTENT_SECURITY_POLICY), with one written exception.

    The public site runs no inline script, so the policy forbids it: an injected <script> or
    onclick= does nothing even if a sanitiser let it through. Wagtail 8's back office still
    writes inline scripts for its date pickers and inline panels, so under
    BACK_OFFICE_PREFIXES the policy also allows 'unsafe-inline' scripts; that part can be kept
    off public nodes altogether (GONGKAI_ADMIN_ENABLED, docs/deployment.md).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(BACK_OFFICE_PREFIXES):
            parts.update = {**(parts.update or {}), "script-src": [UNSAFE_INLINE]}
        return parts


class AdminHostMiddleware:
    """The back office answers only where the operator wants it: nowhere on a public node
    (GONGKAI_ADMIN_ENABLED=0), or only on its own host name (GONGKAI_ADMIN_HOST), so that the
    login page is not on the address every scanner of government sites visits. Elsewhere its
    paths are the site's ordinary 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(BACK_OFFICE_PREFIXES):
            if not settings.GONGKAI_ADMIN_ENABLED:
                raise Http404("back office disabled on this node")
            wanted = settings.GONGKAI_ADMIN_HOST
            if wanted and request.get_host().lower().rsplit(":", 1)[0] != wanted:
                raise Http404("back office served on another host")
        return self.get_response(request)
