"""What the agenda erases (registered in ``AgendaConfig.ready``): every event, of the
establishment or personal, once it ended before the first day of the previous school year (an
event of 2025-2026 is kept through 2026-2027 and erased on 1 September 2027). Personal events
and the feed's address also go with their account (cascade, when the purge deletes it)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.retention import RetentionRule
from core.schoolyear import school_year_bounds, school_year_of

from .models import PersonalEvent, SchoolEvent
from .versions import personal_events_changed, school_events_changed


def cutoff(now: datetime.datetime) -> datetime.date:
    """Events that ended before this day are erased."""
    return school_year_bounds(school_year_of(timezone.localtime(now).date()) - 1)[0]


def _erase_school(now: datetime.datetime) -> int:
    old = SchoolEvent.objects.filter(ends_on__lt=cutoff(now))
    with transaction.atomic():
        schools = set(old.values_list("establishment_id", flat=True))
        erased, _ = old.delete()
        school_events_changed(*schools)
    return erased


def _erase_personal(now: datetime.datetime) -> int:
    old = PersonalEvent.objects.filter(ends_on__lt=cutoff(now))
    with transaction.atomic():
        owners = set(old.values_list("owner_id", flat=True))
        erased, _ = old.delete()
        personal_events_changed(*owners)
    return erased


RULES = [
    RetentionRule(
        key="agenda_evenements_etablissement",
        description="évènements de l'établissement (agenda), une fois terminés depuis plus "
        "d'une année scolaire : au premier balayage de la deuxième année scolaire suivante",
        run=_erase_school,
    ),
    RetentionRule(
        key="agenda_evenements_personnels",
        description="évènements personnels de l'agenda, une fois terminés depuis plus d'une "
        "année scolaire ; avec le compte sinon",
        run=_erase_personal,
    ),
]
