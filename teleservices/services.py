"""Writes of the Scolarité services space."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Pupil, User

from . import conf
from .models import SectionVisit


@dataclass(frozen=True)
class Visit:
    """The visit a page view belongs to. ``since``: the visit before it (``None`` on a first
    visit); ``started_at``: when this visit began. Both stay the same for the whole visit, so a
    page keyed on them is served from cache while the family browses."""

    since: datetime.datetime | None
    started_at: datetime.datetime

    @property
    def first(self) -> bool:
        return self.since is None

    @property
    def news_since(self) -> datetime.datetime:
        """Since when things are "new": the visit before, or on a first visit a window before
        it began (``conf.first_visit_window()``)."""
        return self.since or self.started_at - conf.first_visit_window()


def section_visit_open(
    *, user: User, pupil_id: int, section: str, now: datetime.datetime | None = None
) -> Visit:
    """Records a visit to ``pupil_id``'s ``section`` and returns it.

    Visits closer together than ``conf.visit_gap()`` to the start of the visit are one visit:
    browsing back and forth does not make what was new a minute ago old. One query per page
    most of the time (a read; the write happens once per visit)."""
    now = now or timezone.now()
    visit = (
        SectionVisit.objects.filter(user=user, pupil_id=pupil_id, section=section)
        .only("pk", "seen_at", "previous_seen_at")
        .first()
    )
    if visit is None:
        try:
            with transaction.atomic():
                SectionVisit.objects.create(
                    user=user, pupil_id=pupil_id, section=section, seen_at=now
                )
        except IntegrityError:
            # The same family's other tab recorded it first: this view belongs to that visit.
            found = (
                SectionVisit.objects.filter(user=user, pupil_id=pupil_id, section=section)
                .only("seen_at", "previous_seen_at")
                .first()
            )
            if found is not None:
                return Visit(since=found.previous_seen_at, started_at=found.seen_at)
        return Visit(since=None, started_at=now)
    if now - visit.seen_at < conf.visit_gap():
        return Visit(since=visit.previous_seen_at, started_at=visit.seen_at)
    SectionVisit.objects.filter(pk=visit.pk).update(previous_seen_at=visit.seen_at, seen_at=now)
    return Visit(since=visit.seen_at, started_at=now)


def section_visit_record(
    *, user: User, pupil: Pupil, section: str, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Records a visit and returns since when things are "new" for it (``None``: first
    visit)."""
    return section_visit_open(user=user, pupil_id=pupil.pk, section=section, now=now).since
