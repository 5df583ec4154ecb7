"""Settings of the teleservices app, with their defaults (override in config/settings)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings

LETTER_VALIDITY_MONTHS = 3
TEMP_PASSWORD_LENGTH = 8
# Upper-case letters and digits without look-alikes: no 0/O, 1/I/L.
TEMP_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet

FIRST_CONNECTION_MAX_TRIES = 5
FIRST_CONNECTION_LOCK = datetime.timedelta(minutes=15)

EMAIL_CONFIRMATION_VALIDITY = datetime.timedelta(days=7)
EMAIL_RESEND_MIN_INTERVAL = datetime.timedelta(seconds=60)
EMAIL_RESEND_MAX_PER_HOUR = 5



def letters_dir() -> Path:
    """Where batch PDFs live: outside MEDIA_ROOT, never served directly."""
    default = Path(settings.BASE_DIR) / "var" / "private" / "letters"
    return Path(getattr(settings, "TELESERVICES_LETTERS_DIR", default))


def pdf_retention() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "TELESERVICES_LETTER_PDF_HOURS", 24))


def hash_workers() -> int:
    return int(getattr(settings, "TELESERVICES_HASH_WORKERS", 2))
