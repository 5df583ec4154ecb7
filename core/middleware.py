"""Request checks shared by every page."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RejectNulMiddleware:
    """A NUL character in a query string or a form field is never legitimate input: PostgreSQL
    refuses it in text (a 500 deep in a view), and it is a classic way to cut a string short in
    a downstream system. Refused up front as a bad request (the French 400 page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


def _has_nul(data) -> bool:  # type: ignore[no-untyped-def]
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
