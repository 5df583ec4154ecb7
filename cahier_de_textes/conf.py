"""Settings of the cahier de textes, with their defaults."""

from __future__ import annotations

from django.conf import settings

from core.uploads import DOCUMENTS


def attachment_max_bytes() -> int:
    """The largest attachment a teacher may join (a scanned worksheet, a short slideshow)."""
    return int(getattr(settings, "CARTABLE_CAHIER_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def attachment_kinds() -> tuple[str, ...]:
    """What an attachment may be, by its content (core.uploads kinds)."""
    return tuple(getattr(settings, "CARTABLE_CAHIER_ATTACHMENT_KINDS", DOCUMENTS))


def attachments_per_entry() -> int:
    return int(getattr(settings, "CARTABLE_CAHIER_ATTACHMENTS_PER_ENTRY", 5))


def news_days() -> int:
    """ACCUEIL shows the homework due within this many days."""
    return int(getattr(settings, "CARTABLE_CAHIER_NEWS_DAYS", 7))


def homework_horizon_days() -> int:
    """The family's « Travail à faire » lists the work due within this many days (a teacher who
    plans the whole term ahead does not bury this week's work)."""
    return int(getattr(settings, "CARTABLE_CAHIER_HOMEWORK_HORIZON_DAYS", 35))


def kept_school_years() -> int:
    """A school year's cahier is kept this many school years after it (1: erased at the end of
    the following school year, so a pupil and their teachers can look back on last year)."""
    return int(getattr(settings, "CARTABLE_CAHIER_KEPT_YEARS", 1))


def page_cache_seconds() -> int:
    """How long a family's rendered CAHIER DE TEXTES stays cached (every write invalidates it at
    once, the roster version too; this bounds how late a change nobody announced shows)."""
    return int(getattr(settings, "CARTABLE_CAHIER_PAGE_CACHE_SECONDS", 600))
