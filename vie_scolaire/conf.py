"""Settings of the vie scolaire, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def morning_ends() -> datetime.time:
    """An event starting before this time belongs to the morning's half-day (for the digest)."""
    return datetime.time.fromisoformat(getattr(settings, "CARTABLE_MORNING_ENDS", "12:30"))


def afternoon_ends() -> datetime.time:
    """The afternoon's digest leaves after this time."""
    return datetime.time.fromisoformat(getattr(settings, "CARTABLE_AFTERNOON_ENDS", "17:30"))


def notice_grace() -> datetime.timedelta:
    """An event recorded after its half-day ended is still grouped for this long before the
    digest leaves."""
    return datetime.timedelta(
        minutes=int(getattr(settings, "CARTABLE_VIE_SCOLAIRE_NOTICE_GRACE_MINUTES", 15))
    )


def justification_max_bytes() -> int:
    """Largest document a family may join to a justification."""
    return int(getattr(settings, "CARTABLE_JUSTIFICATION_MAX_BYTES", 5 * 1024 * 1024))


def desk_page_size() -> int:
    """Events per page of the vie scolaire desk."""
    return int(getattr(settings, "CARTABLE_VIE_SCOLAIRE_PAGE_SIZE", 50))
