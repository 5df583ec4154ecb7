"""The CAS server's writes: service tickets issued and validated, single logout requested.

Service tickets are ``ST-`` + 43 characters from ``secrets`` (256 bits), stored as their SHA-256
only, single use (the validation that flips ``validated_at`` from NULL wins; a concurrent one
finds nothing), bound to the exact service URL they were issued for, and valid
``CAS_TICKET_VALIDITY`` seconds (``sso.conf``). A ticket validated for another service is spent
all the same, as the protocol requires.

Single logout: a ticket remembers the portal session it was issued in (``sso_session``, the
SHA-256 of a random id kept in that session). When the session ends — logout from Cartable or
``/cas/logout``, or every session of the account (password change, "se déconnecter de partout",
closure) — each validated ticket of a service with single logout on gets a back-channel
``logoutRequest``, sent by a Celery task after the commit and retried (``sso.tasks``).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from accounts.models import Establishment, User
from apps_catalog.models import Application

from . import conf, messages
from .attributes import Attributes, identity_of, released_attributes
from .matching import service_parts
from .models import RegisteredService, ServiceTicket

SERVICE_TICKET_PREFIX = "ST-"
# The error codes of the CAS protocol (Apereo CAS 3.0 specification, §2.5.3).
INVALID_REQUEST = "INVALID_REQUEST"
INVALID_TICKET_SPEC = "INVALID_TICKET_SPEC"
INVALID_TICKET = "INVALID_TICKET"
INVALID_SERVICE = "INVALID_SERVICE"
UNAUTHORIZED_SERVICE = "UNAUTHORIZED_SERVICE"


@dataclass(frozen=True)
class TicketValidation:
    ok: bool
    username: str = ""
    attributes: Attributes = field(default_factory=dict)
    renewed: bool = False
    authenticated_at: datetime.datetime | None = None
    failure_code: str = ""
    failure_message: str | Promise = ""


def ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def sso_session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def service_ticket_issue(
    *,
    user: User,
    service: RegisteredService,
    service_url: str,
    sso_session: str,
    renewed: bool = False,
    now: datetime.datetime | None = None,
) -> str:
    """Issues a ticket for ``service_url``; the caller checked it belongs to ``service`` and that
    the user may open it (``sso.selectors``). ``sso_session``: the portal session's id."""
    now = now or timezone.now()
    ticket = SERVICE_TICKET_PREFIX + secrets.token_urlsafe(32)
    ServiceTicket.objects.create(
        ticket_hash=ticket_hash(ticket),
        service=service,
        service_url=service_url,
        user=user,
        sso_session=sso_session_hash(sso_session),
        renewed=renewed,
        created_at=now,
        expires_at=now + conf.ticket_validity(),
    )
    return ticket


def _failure(code: str, message: str | Promise) -> TicketValidation:
    return TicketValidation(ok=False, failure_code=code, failure_message=message)


@transaction.atomic
def service_ticket_validate(
    *, ticket: str, service_url: str, renew: bool = False, now: datetime.datetime | None = None
) -> TicketValidation:
    """Spends ``ticket``: whatever the outcome, it cannot be validated a second time."""
    now = now or timezone.now()
    if not ticket or not service_url:
        return _failure(INVALID_REQUEST, messages.TICKET_PARAMETERS_REQUIRED)
    if not ticket.startswith(SERVICE_TICKET_PREFIX):
        return _failure(INVALID_TICKET_SPEC, messages.TICKET_NOT_A_SERVICE_TICKET)
    digest = ticket_hash(ticket)
    spent = ServiceTicket.objects.filter(ticket_hash=digest, validated_at__isnull=True).update(
        validated_at=now, session_index=ticket[:80]
    )
    if spent != 1:
        return _failure(INVALID_TICKET, messages.TICKET_UNKNOWN_OR_USED)
    issued = ServiceTicket.objects.select_related("service", "user").get(ticket_hash=digest)
    if issued.expires_at <= now:
        return _failure(INVALID_TICKET, messages.TICKET_EXPIRED)
    if issued.service_url != service_url:
        return _failure(INVALID_SERVICE, messages.TICKET_FOR_ANOTHER_SERVICE)
    if renew and not issued.renewed:
        return _failure(INVALID_TICKET, messages.TICKET_NOT_RENEWED)
    service, user = issued.service, issued.user
    if not service.is_active or not user.is_active or user.profile not in service.profiles:
        return _failure(UNAUTHORIZED_SERVICE, messages.SERVICE_NO_LONGER_ALLOWED)
    username = identity_of(user, service)
    if not username:
        return _failure(UNAUTHORIZED_SERVICE, messages.SERVICE_NO_IDENTITY)
    return TicketValidation(
        ok=True,
        username=username,
        attributes=released_attributes(user, service),
        renewed=issued.renewed,
        authenticated_at=issued.created_at,
    )


# --- registered services managed by another app -----------------------------------------------


@transaction.atomic
def registered_service_save(
    *,
    service: RegisteredService | None,
    establishment: Establishment | None,
    name: str,
    url: str,
    application: Application | None,
    profiles: list[str],
    attribute_profile: str,
    identity_mode: str,
    is_active: bool = True,
    single_logout: bool = True,
) -> RegisteredService:
    """Creates (``service=None``) or updates the registered service of an app that manages its
    own from its settings (``pronote_bridge``: each establishment's Pronote). The caller writes
    the audit record of the change that asked for it."""
    if service_parts(url) is None:
        raise ValidationError({"url": messages.URL_NOT_A_PREFIX})
    service = service or RegisteredService()
    fields = {
        "establishment": establishment,
        "name": name[:100],
        "url": url,
        "application": application,
        "entry_url": "",
        "profiles": sorted(profiles),
        "attribute_profile": attribute_profile,
        "identity_mode": identity_mode,
        # A service's own switch (not an account's): the lifecycle guard watches accounts.
        "is_active": is_active,
        "single_logout": single_logout,
    }
    for field_name, value in fields.items():
        setattr(service, field_name, value)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def registered_service_deactivate(*, service: RegisteredService) -> RegisteredService:
    """No more tickets for ``service`` (kept: its spent tickets still serve single logout)."""
    RegisteredService.objects.filter(pk=service.pk).update(is_active=False)
    service.refresh_from_db(fields=["is_active"])
    return service


# --- single logout ---------------------------------------------------------------------------


def _logout_requested(tickets: QuerySet[ServiceTicket], now: datetime.datetime) -> int:
    from .tasks import send_single_logout as send_single_logout_task

    ids = list(
        tickets.filter(
            validated_at__isnull=False,
            logout_requested_at__isnull=True,
            service__single_logout=True,
        ).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    ServiceTicket.objects.filter(pk__in=ids).update(logout_requested_at=now)
    for ticket_id in ids:
        transaction.on_commit(partial(send_single_logout_task.delay, ticket_id))
    return len(ids)


@transaction.atomic
def sso_session_logout(*, sso_session: str, now: datetime.datetime | None = None) -> int:
    """The portal session ``sso_session`` ended: its services are told (after the commit)."""
    return _logout_requested(
        ServiceTicket.objects.filter(sso_session=sso_session_hash(sso_session)),
        now or timezone.now(),
    )


@transaction.atomic
def accounts_single_logout(*, user_ids: Iterable[int], now: datetime.datetime | None = None) -> int:
    """Every session of these accounts ended: every service they opened is told."""
    return _logout_requested(
        ServiceTicket.objects.filter(user_id__in=list(user_ids)), now or timezone.now()
    )


def logout_request_body(session_index: str, now: datetime.datetime) -> str:
    """The SAML 2.0 ``LogoutRequest`` of the CAS protocol (§2.3.3), naming the spent ticket."""
    instant = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="_{secrets.token_hex(16)}" Version="2.0" IssueInstant="{instant}">'
        "<saml:NameID>@NOT_USED@</saml:NameID>"
        f"<samlp:SessionIndex>{escape(session_index)}</samlp:SessionIndex>"
        "</samlp:LogoutRequest>"
    )


class SingleLogoutFailed(Exception):
    """The service could not be reached or refused: retry later."""


def single_logout_send(*, ticket_id: int, now: datetime.datetime | None = None) -> bool:
    """POSTs the ``logoutRequest`` of one ticket; ``False`` when there is nothing (more) to send.
    Raises ``SingleLogoutFailed`` when the service did not take it."""
    now = now or timezone.now()
    ticket = (
        ServiceTicket.objects.select_related("service")
        .filter(pk=ticket_id, logout_requested_at__isnull=False, logout_sent_at__isnull=True)
        .first()
    )
    if ticket is None or not ticket.session_index:
        return False
    target = ticket.service.logout_url or ticket.service_url
    if service_parts(target) is None:
        return False
    data = urlencode({"logoutRequest": logout_request_body(ticket.session_index, now)}).encode()
    request = urllib.request.Request(  # noqa: S310 - http(s) only (service_parts)
        target,
        data=data,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 - http(s) only (service_parts)
            request, timeout=conf.logout_request_timeout()
        ) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        raise SingleLogoutFailed(str(error)) from error
    if status >= 500:
        raise SingleLogoutFailed(f"HTTP {status}")
    # A 4xx is the service's answer (e.g. the session was gone already): nothing to retry.
    ServiceTicket.objects.filter(pk=ticket.pk).update(logout_sent_at=now)
    return True
