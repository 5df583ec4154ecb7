"""Settings of Mes courriels, with their defaults."""

from __future__ import annotations

import datetime

from django.conf import settings


def attachment_max_bytes() -> int:
    """Largest attachment accepted (each file)."""
    return int(getattr(settings, "CARTABLE_MAIL_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def attachments_max_count() -> int:
    return int(getattr(settings, "CARTABLE_MAIL_ATTACHMENTS_MAX", 5))


def trash_days() -> int:
    """Messages in the trash are deleted for good this many days after being put there."""
    return int(getattr(settings, "CARTABLE_MAIL_TRASH_DAYS", 30))


def notice_interval() -> datetime.timedelta:
    """At most one "new mail" notice by e-mail per person in this interval."""
    return datetime.timedelta(minutes=int(getattr(settings, "CARTABLE_MAIL_NOTICE_MINUTES", 60)))


def page_size() -> int:
    return int(getattr(settings, "CARTABLE_MAIL_PAGE_SIZE", 25))


def max_recipients() -> int:
    """A guard against a runaway form: a whole school is well under it."""
    return int(getattr(settings, "CARTABLE_MAIL_MAX_RECIPIENTS", 5000))
