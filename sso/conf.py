"""Settings of the CAS server, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def ticket_validity() -> datetime.timedelta:
    """How long a service ticket may wait for its validation (the spec advises seconds)."""
    return datetime.timedelta(seconds=int(getattr(settings, "CAS_TICKET_VALIDITY", 10)))


def sso_ticket_retention() -> datetime.timedelta:
    """A validated ticket is kept for the single logout of its session, at most this long (the
    longest a portal session lives: a paired device's)."""
    return datetime.timedelta(days=int(getattr(settings, "CAS_SSO_TICKET_RETENTION_DAYS", 365)))


def logout_request_timeout() -> float:
    """Seconds a service has to answer a back-channel logout request."""
    return float(getattr(settings, "CAS_LOGOUT_REQUEST_TIMEOUT", 5))
