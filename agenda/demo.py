"""The demo collège's agenda (core.demo): the conseil de classe of the demo pupil's class, a
réunion parents-professeurs for the parents, a class trip; a few personal events for the demo
parent, pupil and teacher. Idempotent: found again by title, their dates moved so they stay
around the demo's today."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from core.demo import DemoStep, DemoWorld

from .models import Audience, PersonalEvent, SchoolEvent
from .versions import personal_events_changed, school_events_changed


def _days(world: DemoWorld, days: int) -> datetime.date:
    return world.today + datetime.timedelta(days=days)


def _account(person: Any) -> Any:
    return getattr(person, "account", person) if person is not None else None


@transaction.atomic
def demo_agenda(world: DemoWorld) -> str:
    pupil = world.children[0]
    direction = _account(world.direction)
    education = _account(world.education)
    council = f"Conseil de classe de {pupil.division.code}" if pupil.division else "Conseil"
    # The class's events go to the school's parents when the demo pupil has no class.
    for_class = (
        {"audience": Audience.DIVISION, "division_id": pupil.division_id}
        if pupil.division_id
        else {"audience": Audience.PARENTS}
    )
    school_events = [
        {
            "title": council,
            "author": direction,
            "description": "<p>Conseil du premier trimestre. Les délégués des parents et des "
            "élèves y participent.</p>",
            "place": "Salle du conseil",
            **for_class,
            "starts_on": _days(world, 6),
            "ends_on": _days(world, 6),
            "start_time": datetime.time(17, 30),
            "end_time": datetime.time(19, 0),
        },
        {
            "title": "Réunion parents-professeurs",
            "author": direction,
            "description": "<p>Les professeurs reçoivent les familles. Prenez rendez-vous par "
            "Mes courriels.</p>",
            "place": "Gymnase du collège",
            "audience": Audience.PARENTS,
            "starts_on": _days(world, 10),
            "ends_on": _days(world, 10),
            "start_time": datetime.time(16, 30),
            "end_time": datetime.time(20, 0),
        },
        {
            "title": "Sortie au Futuroscope",
            "author": education,
            "description": "<p>Départ en car à 8 h devant le collège, retour vers 18 h. "
            "Prévoir un pique-nique.</p>",
            "place": "Futuroscope, Chasseneuil-du-Poitou",
            **for_class,
            "starts_on": _days(world, 3),
            "ends_on": _days(world, 3),
        },
        {
            "title": "Journée portes ouvertes",
            "author": direction,
            "description": "<p>Le collège ouvre ses portes aux familles des futurs élèves.</p>",
            "place": "Collège",
            "audience": Audience.SCHOOL,
            "starts_on": _days(world, 17),
            "ends_on": _days(world, 17),
        },
    ]
    for values in school_events:
        author = values.pop("author")
        values.setdefault("division_id", None)
        values.setdefault("start_time", None)
        values.setdefault("end_time", None)
        SchoolEvent.objects.update_or_create(
            establishment=world.establishment,
            title=values.pop("title"),
            defaults={
                **values,
                "author": author,
                "author_name": author.get_full_name() if author else "La direction",
            },
        )
    teacher = _account(world.teacher)
    personal = [
        (world.parent, "Rendez-vous chez l'orthodontiste", 2, (9, 0), (9, 30), "Cabinet Dr Morel"),
        (world.parent, "Payer la cantine", 5, None, None, ""),
        (teacher, "Préparer le conseil de classe", 4, (13, 0), (14, 0), "Salle des professeurs"),
    ]
    if pupil.account_id:
        personal.append((pupil.account, "Entraînement de handball", 1, (14, 0), (16, 0), "Gymnase"))
    personal = [row for row in personal if row[0] is not None]
    for owner, title, days, start, end, place in personal:
        PersonalEvent.objects.update_or_create(
            owner=owner,
            title=title,
            defaults={
                "starts_on": _days(world, days),
                "ends_on": _days(world, days),
                "start_time": datetime.time(*start) if start else None,
                "end_time": datetime.time(*end) if end else None,
                "place": place,
            },
        )
    school_events_changed(world.establishment.pk)
    personal_events_changed(*{owner.pk for owner, *_ in personal})
    return (
        f"Agenda de démonstration : {len(school_events)} évènements de l'établissement "
        f"(« {council} », réunion parents-professeurs, sortie, portes ouvertes), "
        f"{len(personal)} évènements personnels."
    )


DEMO_STEP = DemoStep(key="agenda", run=demo_agenda, order=65)
