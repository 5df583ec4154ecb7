"""Settings of the livret, with their defaults (override them in config/settings)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings

# A class's bulletins PDF, once generated: kept for printing, then deleted by the daily sweep.
BULLETIN_PDF_HOURS = 72
# The batches themselves (class, period, who asked, when): erased after this many days.
BULLETIN_BATCH_KEPT_DAYS = 90
# The progress bar moves every this many pupils (one UPDATE each time).
BULLETIN_PROGRESS_EVERY = 5
# The bilans are read this many at a time with their subjects (2 queries a chunk), so that a whole
# school's PDF never holds every bilan in memory.
BULLETIN_CHUNK = 100


def bulletins_dir() -> Path:
    """Where the class PDFs live: outside MEDIA_ROOT, never served directly."""
    default = Path(settings.BASE_DIR) / "var" / "private" / "bulletins"
    return Path(getattr(settings, "LIVRET_BULLETINS_DIR", default))


def bulletin_pdf_retention() -> datetime.timedelta:
    return datetime.timedelta(
        hours=getattr(settings, "LIVRET_BULLETIN_PDF_HOURS", BULLETIN_PDF_HOURS)
    )
