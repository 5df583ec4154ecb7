"""Minimal CAS 2.0 server: single sign-on from the ENT to catalogue applications (e.g. Pronote).

Service tickets are random (``secrets``), single-use, valid 60 seconds, and stored in the cache
under a hash of the ticket, so a cache dump does not hand out usable tickets.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.functional import Promise

from accounts.models import User

from . import messages

SERVICE_TICKET_TIMEOUT = 60
SERVICE_TICKET_PREFIX = "ST-"


@dataclass(frozen=True)
class TicketValidation:
    ok: bool
    username: str = ""
    profile: str = ""
    failure_code: str = ""
    failure_message: str | Promise = ""


def _ticket_cache_key(ticket: str) -> str:
    return "cas:st:" + hashlib.sha256(ticket.encode()).hexdigest()


def service_ticket_issue(*, user: User, service: str) -> str:
    """Issues a service ticket for ``service``; the caller checked the user may open it."""
    ticket = SERVICE_TICKET_PREFIX + secrets.token_urlsafe(32)
    cache.set(
        _ticket_cache_key(ticket),
        {"service": service, "username": user.get_username(), "profile": user.profile},
        SERVICE_TICKET_TIMEOUT,
    )
    return ticket


def service_ticket_validate(*, ticket: str, service: str) -> TicketValidation:
    """Consumes ``ticket``: whatever the outcome it cannot be validated a second time."""
    if not ticket or not service:
        return TicketValidation(
            ok=False,
            failure_code="INVALID_REQUEST",
            failure_message=messages.TICKET_PARAMETERS_REQUIRED,
        )
    if not ticket.startswith(SERVICE_TICKET_PREFIX):
        return TicketValidation(
            ok=False, failure_code="INVALID_TICKET_SPEC", failure_message=messages.TICKET_UNKNOWN
        )
    key = _ticket_cache_key(ticket)
    data = cache.get(key)
    # delete() tells whether this caller removed the key: of two concurrent validations, one wins.
    if data is None or not cache.delete(key):
        return TicketValidation(
            ok=False,
            failure_code="INVALID_TICKET",
            failure_message=messages.TICKET_UNKNOWN_OR_EXPIRED,
        )
    if data["service"] != service:
        return TicketValidation(
            ok=False,
            failure_code="INVALID_SERVICE",
            failure_message=messages.TICKET_FOR_ANOTHER_SERVICE,
        )
    return TicketValidation(ok=True, username=data["username"], profile=data["profile"])
