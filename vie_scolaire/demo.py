"""The demo collège's term of vie scolaire (``core.demo`` step): three weeks of appels of the
demo children's class, absences in every state, retards, a punition, observations and an
encouragement, and the parent's justifications (one accepted, one waiting, one refused).
Idempotent: nothing is added once the demo children have events this school year."""

from __future__ import annotations

import datetime
import random

from django.db.models import Case, When

from accounts.models import TeachingService
from accounts.school import school_role
from core.demo import DemoWorld
from core.schoolyear import current_school_year, school_year_bounds

from . import services
from .models import Event, Justification, Motive
from .services.common import aware


def _school_days(today: datetime.date, count: int) -> list[datetime.date]:
    first, _ = school_year_bounds(current_school_year())
    days, day = [], today - datetime.timedelta(days=1)
    while len(days) < count and day >= first:
        if day.weekday() < 5:
            days.append(day)
        day -= datetime.timedelta(days=1)
    return list(reversed(days))


def demo_term(world: DemoWorld) -> str:
    children = world.children
    if world.education is None or not children:
        return "Vie scolaire de démonstration : pas de CPE dans l'export STS, rien ajouté."
    if Event.objects.filter(pupil__in=children, school_year=current_school_year()).exists():
        return "Vie scolaire de démonstration : déjà en place."
    rng = random.Random(12)  # noqa: S311 - demo data, not a secret
    pupil, sibling = children[0], children[-1]
    motives = {m.label: m for m in Motive.objects.filter(establishment=world.establishment)}
    cpe_role = school_role(world.education.account)
    parent_role = school_role(world.parent)
    service = (
        TeachingService.objects.active()
        .filter(division_id=pupil.division_id, teacher__account__isnull=False)
        .select_related("teacher__account")
        # The demo teacher's own class when she teaches the demo child.
        .order_by(Case(When(teacher=world.teacher, then=0), default=1), "pk")
        .first()
    )
    days = _school_days(world.today, 15)
    appels = 0
    if service is not None:
        teacher = service.teacher.account
        teacher_role = school_role(teacher)
        from .selectors import roll_call_pupils

        others = [p.pk for p in roll_call_pupils(service) if p.pk not in {c.pk for c in children}]
        for index, day in enumerate(days):
            marks = {p: services.Mark("absent") for p in rng.sample(others, min(2, len(others)))}
            if others and index % 3 == 0:
                marks[rng.choice(others)] = services.Mark("retard", rng.choice((5, 10, 15)))
            if index == len(days) - 2:
                marks[pupil.pk] = services.Mark("absent")  # stays « non motivée »
            if index == len(days) - 6:
                marks[pupil.pk] = services.Mark("retard", 12)
            services.roll_call_take(
                role=teacher_role,
                actor=teacher,
                service_id=service.pk,
                day=day,
                starts_at=datetime.time(8, 0),
                ends_at=datetime.time(9, 0),
                marks=marks,
            )
            appels += 1
        for kind, text, day in (
            (
                Event.Kind.OBSERVATION,
                "Bavardages répétés pendant le cours, malgré deux rappels.",
                days[-4],
            ),
            (
                Event.Kind.ENCOURAGEMENT,
                "Très bel exposé sur les volcans, clair et bien préparé. Bravo !",
                days[-3],
            ),
        ):
            services.event_create(
                role=teacher_role,
                actor=teacher,
                pupil=pupil,
                kind=kind,
                data={"starts_at": aware(day, datetime.time(10, 0)), "text": text},
            )
    cpe = world.education.account

    def absence(child, day, motive=None, status=""):
        return services.event_create(
            role=cpe_role,
            actor=cpe,
            pupil=child,
            kind=Event.Kind.ABSENCE,
            data={
                "starts_at": aware(day, datetime.time(8, 0)),
                "ends_at": aware(day, datetime.time(17, 30)),
                "motive": motive,
                "status": status,
                "text": "",
            },
        )

    accepted = absence(pupil, days[0])
    justification = services.justification_submit(
        role=parent_role,
        actor=world.parent,
        event=accepted,
        motive=motives["Maladie"],
        comment="Gastro-entérite, certificat du médecin remis au carnet.",
    )
    services.justification_answer(
        role=cpe_role,
        actor=cpe,
        justification=justification,
        accept=True,
        message="Merci, bon rétablissement.",
    )
    refused = absence(sibling, days[2])
    justification = services.justification_submit(
        role=parent_role,
        actor=world.parent,
        event=refused,
        motive=motives["Convenance personnelle"],
        comment="Départ en vacances anticipé.",
    )
    services.justification_answer(
        role=cpe_role,
        actor=cpe,
        justification=justification,
        accept=False,
        message="Un départ anticipé en vacances n'est pas un motif recevable.",
    )
    refused.refresh_from_db()
    services.event_update(
        role=cpe_role, actor=cpe, event=refused, data={"status": Event.State.SETTLED}
    )
    pending = absence(sibling, days[-3])
    services.justification_submit(
        role=parent_role,
        actor=world.parent,
        event=pending,
        motive=motives["Rendez-vous médical"],
        comment="Rendez-vous chez l'orthodontiste, le matin.",
    )
    services.event_create(
        role=cpe_role,
        actor=cpe,
        pupil=sibling,
        kind=Event.Kind.RETARD,
        data={
            "starts_at": aware(days[-5], datetime.time(8, 0)),
            "minutes": 8,
            "motive": motives["Problème de transport"],
            "justified": True,
            "text": "Car scolaire en retard.",
        },
    )
    services.event_create(
        role=cpe_role,
        actor=cpe,
        pupil=sibling,
        kind=Event.Kind.PUNITION,
        data={
            "starts_at": aware(days[-7], datetime.time(14, 0)),
            "nature": Event.Nature.DETENTION,
            "text": "Travail non fait à trois reprises.",
            "work_to_do": "Exercices 4 et 5 page 62, à rendre pendant la retenue de mercredi.",
            "given_by": service.teacher if service else world.education,
        },
    )
    events = Event.objects.filter(pupil__in=children).count()
    waiting = Justification.objects.filter(
        event__pupil__in=children, status=Justification.State.PENDING
    ).count()
    return (
        f"Vie scolaire de démonstration : {appels} appels, {events} évènements pour les enfants "
        f"de démonstration, {waiting} justificatif en attente."
    )
