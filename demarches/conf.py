"""Settings of the démarches, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def bourse_document_max_bytes() -> int:
    """Largest avis d'imposition a family may send."""
    return int(getattr(settings, "CARTABLE_BOURSE_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))


def bourse_keep_after_decision() -> datetime.timedelta:
    """How long the avis d'imposition and the bank details are kept after the decision (the
    instruction's keeping time; the decision itself stays with the request)."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_BOURSE_KEEP_DAYS", 365)))


def notify_batch_size() -> int:
    """Guardians told per step of the background notification (progress is saved in between)."""
    return int(getattr(settings, "CARTABLE_CAMPAIGN_NOTIFY_BATCH", 200))


def orientation_keep_after_year() -> datetime.timedelta:
    """How long an orientation file is kept after the end of its school year (31 August): the
    pupil's new school has received the decision by then."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_ORIENTATION_KEEP_DAYS", 365)))
