"""Error pages in French (DSFR): 500 and CSRF failure. 400, 403 and 404 use Django's own handlers
with templates/400.html, 403.html and 404.html."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

from core import conf


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: no context processor, session or query may fail again."""
    template = loader.get_template("500.html")
    context = {"PORTAL_NAME": conf.portal_name(), "ACADEMIE": conf.academie()}
    return HttpResponseServerError(template.render(context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: an expired or missing form token, explained without Django's jargon."""
    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({}, request), status=403)
