"""Settings of the Pronote bridge, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def import_max_bytes() -> int:
    """The largest "identifiants PRONOTE" file accepted (1,500 lines weigh about 100 kB)."""
    return int(getattr(settings, "PRONOTE_IMPORT_MAX_BYTES", 2 * 1024 * 1024))


def import_max_rows() -> int:
    return int(getattr(settings, "PRONOTE_IMPORT_MAX_ROWS", 20_000))


def import_retention() -> datetime.timedelta:
    """An import's report (and its lines left to settle, names and birth dates) is kept this
    long: a school year."""
    return datetime.timedelta(days=int(getattr(settings, "PRONOTE_IMPORT_RETENTION_DAYS", 365)))
