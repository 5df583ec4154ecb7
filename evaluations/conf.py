"""Settings of the mark book, with their defaults."""

from __future__ import annotations

from django.conf import settings


def kept_school_years() -> int:
    """A school year's marks and skills are kept this many school years after it (1: erased on
    1 September at the end of the following school year, when the next teachers and the
    conseil de classe no longer need last year's results)."""
    return int(getattr(settings, "CARTABLE_NOTES_KEPT_YEARS", 1))


def comment_max_length() -> int:
    return int(getattr(settings, "CARTABLE_NOTES_COMMENT_MAX", 300))
