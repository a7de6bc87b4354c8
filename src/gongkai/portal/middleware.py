"""Requests carrying NUL characters are refused up front with a clear message.

No citizen types a NUL; it comes from probes. PostgreSQL cannot store or compare text with
NUL, so letting one reach a query would turn a bad request into a server error.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


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
