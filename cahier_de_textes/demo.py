"""The demo collège's cahier de textes: four weeks of séances and travail à faire for the demo
teacher's classes and for the demo pupil's class and groups (their other teachers), some work
ticked « Fait » by the demo pupil, one visa of the direction. Idempotent: a service that already
has séances is left as it is."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.models import TeachingGroup, TeachingService
from core.demo import DemoStep, DemoWorld
from core.schoolyear import school_year_bounds

from . import versions
from .models import Homework, HomeworkDone, Seance, Visa
from .services import content_to_html

# CODE_MATIERE → lessons (title, content, travail à faire) the demo cycles through.
LESSONS: dict[str, list[tuple[str, str, str]]] = {
    "020100": [
        (
            "Le conte merveilleux",
            "Lecture de « La Belle et la Bête ».\n\nRepérage du schéma narratif.",
            "Relire le conte et noter les cinq étapes du schéma narratif.",
        ),
        (
            "Les temps du récit",
            "Imparfait et passé simple : valeurs et emplois.",
            "Exercices 4 et 5 p. 212.",
        ),
        (
            "Expression écrite",
            "Préparation d'une suite de récit au brouillon.",
            "Rédiger la suite du récit (une page).",
        ),
    ],
    "061300": [
        (
            "Fractions égales",
            "Simplifier une fraction ; fractions et quotients.",
            "Exercices 12 à 15 p. 58.",
        ),
        (
            "Proportionnalité",
            "Tableaux de proportionnalité, quatrième proportionnelle.",
            "Fiche d'exercices distribuée en classe.",
        ),
        (
            "Géométrie : les triangles",
            "Construction d'un triangle connaissant ses trois côtés.",
            "Apprendre la leçon et construire les triangles de l'exercice 3.",
        ),
    ],
    "040700": [
        (
            "Les débuts de l'Islam",
            "Carte de l'expansion de l'Islam ; étude d'un document.",
            "Apprendre le vocabulaire : calife, hégire, mosquée.",
        ),
        (
            "Habiter une métropole",
            "Étude de cas : Lagos.",
            "Compléter le croquis commencé en classe.",
        ),
    ],
    "030201": [
        (
            "My daily routine",
            "Present simple, adverbs of frequency.",
            "Learn the irregular verbs list (1 to 20).",
        ),
        (
            "At the restaurant",
            "Role play : ordering food.",
            "Write a short dialogue at the restaurant (8 lines).",
        ),
    ],
    "030602": [
        (
            "Mi familia",
            "Vocabulaire de la famille, les possessifs.",
            "Présenter sa famille en 5 phrases.",
        ),
        (
            "La casa",
            "Décrire sa maison : hay, está, están.",
            "Apprendre le vocabulaire de la maison.",
        ),
    ],
    "062900": [
        (
            "La respiration",
            "Expérience : l'air expiré trouble l'eau de chaux.",
            "Terminer le compte rendu d'expérience.",
        ),
        (
            "Les êtres vivants et leur milieu",
            "Sortie dans la cour : relevé des espèces.",
            "Classer les espèces relevées dans le tableau.",
        ),
    ],
    "061700": [
        (
            "Les états de la matière",
            "Fusion de la glace : relevé de température.",
            "Tracer la courbe de température sur papier millimétré.",
        ),
    ],
    "070200": [
        (
            "Les objets techniques",
            "Analyse fonctionnelle d'une trottinette.",
            "Compléter le diagramme des fonctions.",
        ),
    ],
    "100100": [
        ("Handball", "Échauffement, passes et tirs en mouvement.", ""),
    ],
}
GENERIC = [
    (
        "Séance de cours",
        "Reprise de la leçon précédente et exercices d'application.",
        "Revoir la leçon.",
    ),
    (
        "Travail en groupes",
        "Travail en groupes sur documents ; mise en commun.",
        "Terminer l'exercice commencé en classe.",
    ),
]
SLOTS = (
    (datetime.time(8, 0), datetime.time(8, 55)),
    (datetime.time(9, 0), datetime.time(9, 55)),
    (datetime.time(10, 10), datetime.time(11, 5)),
    (datetime.time(11, 10), datetime.time(12, 5)),
    (datetime.time(13, 35), datetime.time(14, 30)),
    (datetime.time(14, 35), datetime.time(15, 30)),
    (datetime.time(15, 45), datetime.time(16, 40)),
)
WEEKS = 4


def _demo_services(world: DemoWorld) -> list[TeachingService]:
    pupil = world.children[0]
    groups = TeachingGroup.pupils.through.objects.filter(pupil_id=pupil.pk).values(
        "teachinggroup_id"
    )
    wanted = Q(teacher=world.teacher) | Q(division_id=pupil.division_id) | Q(group_id__in=groups)
    for child in world.children[1:]:
        wanted |= Q(division_id=child.division_id)
    return list(
        TeachingService.objects.active()
        .filter(wanted, establishment=world.establishment)
        .select_related("subject")
        .order_by("pk")
    )


def _school_days(world: DemoWorld) -> list[datetime.date]:
    first, last = school_year_bounds(world.establishment.school_year)
    start = max(first, world.today - datetime.timedelta(weeks=WEEKS))
    end = min(last, world.today + datetime.timedelta(days=7))
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _fill(service: TeachingService, days: list[datetime.date], world: DemoWorld) -> tuple[int, int]:
    lessons = LESSONS.get(service.subject.code, GENERIC)
    # Two lessons a week, on days and at times that depend on the service (not all at 8 h).
    weekdays = {service.pk % 5, (service.pk + 2) % 5}
    slot = SLOTS[service.pk % len(SLOTS)]
    lesson_days = [d for d in days if d.weekday() in weekdays]
    seances = [
        Seance(
            establishment_id=service.establishment_id,
            division_id=service.division_id,
            group_id=service.group_id,
            subject_id=service.subject_id,
            teacher_id=service.teacher_id,
            date=day,
            starts_at=slot[0],
            ends_at=slot[1],
            title=lessons[index % len(lessons)][0],
            content=content_to_html(lessons[index % len(lessons)][1]),
        )
        for index, day in enumerate(lesson_days)
        if day <= world.today
    ]
    Seance.objects.bulk_create(seances)
    homework = []
    for index, day in enumerate(lesson_days):
        work = lessons[index % len(lessons)][2]
        following = lesson_days[index + 1] if index + 1 < len(lesson_days) else None
        if not work or following is None:
            continue
        given = seances[index] if index < len(seances) else None
        homework.append(
            Homework(
                establishment_id=service.establishment_id,
                division_id=service.division_id,
                group_id=service.group_id,
                subject_id=service.subject_id,
                teacher_id=service.teacher_id,
                due_on=following,
                description=content_to_html(work),
                estimated_minutes=(20, 30, 45)[index % 3],
                published_on=min(day, following),
                seance=given if given is not None and given.pk else None,
            )
        )
    Homework.objects.bulk_create(homework)
    return len(seances), len(homework)


def _tick(world: DemoWorld) -> int:
    """The demo pupil did most of the work due so far and some of what is coming."""
    from .selectors import pupil_q

    pupil = world.children[0]
    due = Homework.objects.filter(
        pupil_q(pupil), due_on__lte=world.today + datetime.timedelta(days=2)
    ).values_list("pk", flat=True)
    marks = [
        HomeworkDone(homework_id=pk, pupil_id=pupil.pk) for index, pk in enumerate(due) if index % 4
    ]
    return len(HomeworkDone.objects.bulk_create(marks, ignore_conflicts=True))


def _visa(world: DemoWorld, services: list[TeachingService]) -> int:
    if world.direction is None or not services:
        return 0
    mine = next((s for s in services if s.teacher_id == world.teacher.pk), services[0])
    if Visa.objects.filter(
        division_id=mine.division_id, group_id=mine.group_id, subject_id=mine.subject_id
    ).exists():
        return 0
    first, _ = school_year_bounds(world.establishment.school_year)
    up_to = max(first, world.today - datetime.timedelta(weeks=2))
    Visa.objects.create(
        establishment=world.establishment,
        division_id=mine.division_id,
        group_id=mine.group_id,
        subject_id=mine.subject_id,
        up_to=up_to,
        given_by=world.direction,
    )
    return 1


@transaction.atomic
def run(world: DemoWorld) -> str:
    services = _demo_services(world)
    filled = set(
        Seance.objects.filter(establishment=world.establishment)
        .values_list("division_id", "group_id", "subject_id")
        .distinct()
    )
    days = _school_days(world)
    seances = homework = 0
    for service in services:
        if (service.division_id, service.group_id, service.subject_id) in filled:
            continue
        made = _fill(service, days, world)
        filled.add((service.division_id, service.group_id, service.subject_id))
        seances, homework = seances + made[0], homework + made[1]
    ticks = _tick(world)
    visas = _visa(world, services)
    versions.school_changed(world.establishment.pk)
    versions.ticks_changed(world.children[0].pk)
    return (
        f"cahier de textes : {seances} séances, {homework} travaux à faire, {ticks} « Fait », "
        f"{visas} visa ({len(services)} classes et groupes)"
    )


def step() -> Any:
    return DemoStep(key="cahier_de_textes", run=run, order=50)
