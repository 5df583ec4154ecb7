"""Opening a catalogue application, and the CAS 2.0 endpoints used by SSO applications."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit
from xml.sax.saxutils import escape

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps_catalog.models import Application
from apps_catalog.selectors import application_tile_for_profile, sso_tile_for_service

from .services import service_ticket_issue, service_ticket_validate

CAS_NAMESPACE = "http://www.yale.edu/tp/cas"


def _with_ticket(service: str, ticket: str) -> str:
    parts = urlsplit(service)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"ticket": ticket})))


@never_cache
@require_GET
@login_required
def application_open(request, slug: str):
    tile = application_tile_for_profile(slug=slug, profile=request.user.profile)
    if tile is None:
        raise Http404("Application inconnue.")
    if tile["opens_with"] == Application.OpensWith.SSO:
        ticket = service_ticket_issue(user=request.user, service=tile["url"])
        return HttpResponseRedirect(_with_ticket(tile["url"], ticket))
    return HttpResponseRedirect(tile["href"])


@never_cache
@require_GET
@login_required
def cas_login(request):
    service = request.GET.get("service", "")
    tile = sso_tile_for_service(service=service, profile=request.user.profile) if service else None
    if tile is None:
        return render(request, "sso/cas_service_refused.html", {"service": service}, status=403)
    ticket = service_ticket_issue(user=request.user, service=service)
    return HttpResponseRedirect(_with_ticket(service, ticket))


@never_cache
@require_GET
def cas_service_validate(request):
    result = service_ticket_validate(
        ticket=request.GET.get("ticket", ""), service=request.GET.get("service", "")
    )
    if result.ok:
        body = (
            "<cas:authenticationSuccess>"
            f"<cas:user>{escape(result.username)}</cas:user>"
            f"<cas:attributes><cas:profile>{escape(result.profile)}</cas:profile></cas:attributes>"
            "</cas:authenticationSuccess>"
        )
    else:
        body = (
            f'<cas:authenticationFailure code="{escape(result.failure_code)}">'
            f"{escape(str(result.failure_message))}</cas:authenticationFailure>"
        )
    xml = f'<cas:serviceResponse xmlns:cas="{CAS_NAMESPACE}">{body}</cas:serviceResponse>\n'
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
