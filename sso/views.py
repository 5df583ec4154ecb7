"""Opening a catalogue application, and the CAS protocol's endpoints (1.0, 2.0, 3.0, SAML 1.1).

Cartable has no CAS login form of its own: an anonymous ``/cas/login`` goes through "Services en
ligne" (profile, then the matching login page) with ``next`` back to itself.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.school import school_role_of_request
from apps_catalog.models import Application
from apps_catalog.selectors import application_tile_for_profile
from core.links import public_url

from . import messages
from .attributes import identity_of
from .openers import application_page
from .responses import cas1_response, saml_artifact, saml_response, service_response
from .selectors import logout_redirect_allowed, registered_service_for, service_for_application
from .services import (
    INVALID_REQUEST,
    TicketValidation,
    service_ticket_issue,
    service_ticket_validate,
)
from .session import (
    SESSION_RENEW_PENDING_KEY,
    SESSION_RENEWED_KEY,
    sso_session_id,
)


def _with_ticket(service: str, ticket: str) -> str:
    parts = urlsplit(service)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"ticket": ticket})))


def _flag(value: str | None) -> bool:
    return value is not None and value.lower() not in {"", "false", "0"}


def _refused(request, reason, service: str = "", status: int = 403):
    return render(
        request,
        "sso/cas_service_refused.html",
        {"reason": reason, "service": service},
        status=status,
    )


@never_cache
@require_GET
def application_open(request, slug: str):
    """A tile: plain links go to their address, single sign-on tiles through ``/cas/login``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    tile = application_tile_for_profile(slug=slug, profile=request.user.profile)
    if tile is None:
        raise Http404("Application inconnue.")
    if tile["opens_with"] != Application.OpensWith.SSO:
        return HttpResponseRedirect(tile["href"])
    page = application_page(slug)
    if page is not None:
        return redirect(page)
    role = school_role_of_request(request)
    service = service_for_application(
        application_slug=slug, establishment_ids=role.establishment_ids
    )
    if service is None:
        return _refused(request, messages.APPLICATION_NOT_CONFIGURED)
    target = service.entry_url or service.url
    return redirect(f"{reverse('sso:cas_login')}?{urlencode({'service': target})}")


@never_cache
@require_GET
def cas_login(request):
    """``service``, ``renew`` (credentials asked again, whatever the session) and ``gateway``
    (never a login page: back to the service without a ticket)."""
    service_url = request.GET.get("service", "")
    renew = _flag(request.GET.get("renew"))
    gateway = _flag(request.GET.get("gateway")) and not renew
    user = request.user
    if not service_url:
        if user.is_authenticated:
            return redirect("portal:dashboard")
        return redirect_to_login(reverse("portal:dashboard"))
    # Unregistered services are refused before anything else: no redirection to them, ever. (A
    # logged-in user's own lookup below does it in one query on the usual path.)
    if (renew or not user.is_authenticated or gateway) and registered_service_for(
        service_url=service_url, establishment_ids=None
    ) is None:
        return _refused(request, messages.SERVICE_NOT_REGISTERED, service_url)
    renewed = False
    if renew:
        pending = request.session.get(SESSION_RENEW_PENDING_KEY)
        if (
            user.is_authenticated
            and pending
            and request.session.get(SESSION_RENEWED_KEY) == pending
        ):
            request.session.pop(SESSION_RENEW_PENDING_KEY, None)
            request.session.pop(SESSION_RENEWED_KEY, None)
            renewed = True
        else:
            # Credentials must be typed again: the current session ends (its services are
            # logged out) and the login page comes back here.
            if user.is_authenticated:
                auth_logout(request)
            request.session[SESSION_RENEW_PENDING_KEY] = secrets.token_urlsafe(16)
            return redirect_to_login(request.get_full_path())
    elif not user.is_authenticated:
        if gateway:
            return HttpResponseRedirect(service_url)
        return redirect_to_login(request.get_full_path())
    role = school_role_of_request(request)
    service = registered_service_for(
        service_url=service_url, establishment_ids=role.establishment_ids
    )
    if service is None or user.profile not in service.profiles:
        if gateway:
            return HttpResponseRedirect(service_url)
        reason = (
            messages.SERVICE_NOT_REGISTERED if service is None else messages.SERVICE_PROFILE_REFUSED
        )
        return _refused(request, reason, service_url)
    if not identity_of(user, service):
        if gateway:
            return HttpResponseRedirect(service_url)
        return _refused(request, messages.SERVICE_IDENTITY_MISSING, service_url)
    ticket = service_ticket_issue(
        user=user,
        service=service,
        service_url=service_url,
        sso_session=sso_session_id(request),
        renewed=renewed,
    )
    return HttpResponseRedirect(_with_ticket(service_url, ticket))


def _validate(request, service_param: str = "service") -> TicketValidation:
    return service_ticket_validate(
        ticket=request.GET.get("ticket", ""),
        service_url=request.GET.get(service_param, ""),
        renew=_flag(request.GET.get("renew")),
    )


@never_cache
@require_GET
def cas_validate(request):
    """CAS 1.0: ``yes``/``no`` and the user, in plain text."""
    return cas1_response(_validate(request))


@never_cache
@require_GET
def cas_service_validate(request):
    """CAS 2.0 ``/serviceValidate`` and CAS 3.0 ``/p3/serviceValidate``; also
    ``/proxyValidate``: Cartable issues no proxy tickets, so it answers it as
    ``/serviceValidate`` (a ``pgtUrl`` is ignored, no proxy-granting ticket is returned)."""
    as_json = request.GET.get("format", "").upper() == "JSON"
    return service_response(_validate(request), as_json=as_json)


@csrf_exempt
@never_cache
@require_POST
def cas_saml_validate(request):
    """SAML 1.1: the ticket in the SOAP body's ``AssertionArtifact``, the service in ``TARGET``."""
    target = request.GET.get("TARGET", "")
    ticket = saml_artifact(request.body)
    if ticket is None:
        result = TicketValidation(
            ok=False, failure_code=INVALID_REQUEST, failure_message=messages.SAML_REQUEST_INVALID
        )
    else:
        result = service_ticket_validate(ticket=ticket, service_url=target)
    return saml_response(result, target=target, issuer=public_url("/cas"), now=timezone.now())


@never_cache
@require_GET
def cas_logout(request):
    """Ends the portal session (and so tells every service of the session), then goes back to
    ``service`` (or ``url``, CAS 2.0) only when it is a registered service."""
    target = request.GET.get("service") or request.GET.get("url") or ""
    if request.user.is_authenticated:
        auth_logout(request)
    if target and logout_redirect_allowed(target):
        return HttpResponseRedirect(target)
    return render(request, "sso/cas_logged_out.html")
