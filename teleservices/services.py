"""Writes of the Scolarité services space."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Pupil, User

from . import conf
from .models import SectionVisit


def section_visit_record(
    *, user: User, pupil: Pupil, section: str, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Records a visit and returns since when things are "new" for it (``None``: first visit).

    Visits closer together than ``conf.visit_gap()`` are one visit: browsing back and forth does
    not make what was new a minute ago old. One query per page most of the time (a read; the
    write happens once per visit)."""
    now = now or timezone.now()
    visit = (
        SectionVisit.objects.filter(user=user, pupil=pupil, section=section)
        .only("pk", "seen_at", "previous_seen_at")
        .first()
    )
    if visit is None:
        try:
            with transaction.atomic():
                SectionVisit.objects.create(user=user, pupil=pupil, section=section, seen_at=now)
        except IntegrityError:
            pass  # the same family's other tab recorded it first
        return None
    if now - visit.seen_at < conf.visit_gap():
        return visit.previous_seen_at
    SectionVisit.objects.filter(pk=visit.pk).update(previous_seen_at=visit.seen_at, seen_at=now)
    return visit.seen_at
