"""Settings of the Scolarité services space, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def visit_gap() -> datetime.timedelta:
    """Two page views closer than this belong to the same visit (for "nouveau depuis votre
    dernière visite")."""
    return datetime.timedelta(minutes=int(getattr(settings, "CARTABLE_VISIT_GAP_MINUTES", 30)))


def first_visit_window() -> datetime.timedelta:
    """On a first visit, what is "new" is what happened in this window before it."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_FIRST_VISIT_DAYS", 7)))


def visit_retention() -> datetime.timedelta:
    """Visits not repeated for this long are forgotten by the daily sweep."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_VISIT_RETENTION_DAYS", 400)))
