"""The agenda in the access walk: parent B's personal event, and school B's event for pupil
B's class, which school A's people must not reach (404); parent B reaches both, the direction
of B would edit its school's event (tests/agenda), the vie scolaire of B does here."""

from __future__ import annotations

import datetime

from django.utils import timezone

from agenda.models import Audience, PersonalEvent, SchoolEvent


def agenda_world(*, b, parent_b, pupil_b) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "personal_event_b": PersonalEvent.objects.create(
            owner=parent_b, title="Rendez-vous de B", starts_on=day, ends_on=day
        ),
        "school_event_b": SchoolEvent.objects.create(
            establishment=b,
            title="Conseil de la classe B",
            audience=Audience.DIVISION,
            division=pupil_b.division,
            starts_on=day,
            ends_on=day,
        ),
    }


def agenda_checks(check_class) -> dict:
    def personal(w):
        return {"event_id": w["personal_event_b"].pk}

    def school(w):
        return {"event_id": w["school_event_b"].pk}

    return {
        # Another user's personal event: 404 for parent A, the owner's pages open.
        "agenda:personal_event": check_class("parent_a", personal, "parent_b", personal),
        "agenda:personal_edit": check_class("parent_a", personal, "parent_b", personal),
        "agenda:personal_delete": check_class("parent_a", personal, "parent_b", personal),
        # Another establishment's event: 404 for parent A; parent B (its audience) reads it.
        "agenda:school_event": check_class("parent_a", school, "parent_b", school),
        # The vie scolaire of A cannot edit school B's event; the vie scolaire of B can.
        "agenda:school_edit": check_class("cpe_a", school, "cpe_b", school),
        "agenda:school_delete": check_class("cpe_a", school, "cpe_b", school),
    }
