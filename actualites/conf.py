"""Settings of Informations, with their defaults (the only place that reads them)."""

from __future__ import annotations

import datetime

from django.conf import settings

# An image joined to a news: JPEG, PNG or WebP, checked by its content.
IMAGE_KINDS = ("jpeg", "png", "webp")
# How many current news the "Informations" panel of Mes applications shows.
DASHBOARD_ITEMS = 3
# News per page of the list "Toutes les informations".
PAGE_SIZE = 20
# A new news is shown 30 days unless its author says otherwise.
DEFAULT_DURATION = datetime.timedelta(days=30)


def image_max_bytes() -> int:
    """The largest image accepted (2 Mo by default: a photo resized for the screen)."""
    return int(getattr(settings, "CARTABLE_NEWS_IMAGE_MAX_BYTES", 2 * 1024 * 1024))


def expired_kept() -> datetime.timedelta:
    """How long an expired news stays (its author and the direction may still read it) before
    the daily sweep erases it with its image: one year after its end date by default."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_NEWS_KEPT_DAYS", 365)))
