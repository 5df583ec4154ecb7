"""The demo collège's mark book: the three trimestres of the year, devoirs with the whole class's
marks (a few absences, one optional devoir, one marked out of 10) and skills of the socle for the
demo teacher's classes and the demo children's classes and groups. Idempotent: periods are made
once, a service that already has devoirs is left as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.models import TeachingGroup, TeachingService
from core.demo import DemoStep, DemoWorld

from .models import Devoir, Mark, Period, SkillItem, SkillLevel
from .selectors import service_pupils

# (title, days after the period's start, out of, coefficient, optional)
DEVOIRS = (
    ("Évaluation de début de trimestre", 14, Decimal(20), Decimal(1), False),
    ("Interrogation écrite", 35, Decimal(10), Decimal("0.5"), False),
    ("Devoir bonus à la maison", 50, Decimal(20), Decimal(1), True),
    ("Contrôle de fin de chapitre", 70, Decimal(20), Decimal(2), False),
)
# (component, label) per subject code; other subjects use the last one.
SKILLS = {
    "020100": ("CPD_FRA", "Rédiger un texte cohérent d'une page"),
    "061300": ("CPD_SCI", "Résoudre un problème en plusieurs étapes"),
    "030201": ("CPD_ETR", "Comprendre un message oral simple"),
    "040700": ("REP_MND", "Se repérer dans le temps : construire une frise chronologique"),
    "": ("MET_APP", "Organiser son travail personnel"),
}


def _trimestres(world: DemoWorld) -> list[Period]:
    school = world.establishment
    year = school.school_year
    existing = list(Period.objects.filter(establishment=school, school_year=year))
    if existing:
        return sorted(existing, key=lambda p: p.starts_on)
    march = datetime.date(year + 1, 3, 1)
    bounds = (
        (datetime.date(year, 9, 1), datetime.date(year, 11, 30), datetime.date(year, 12, 8)),
        (
            datetime.date(year, 12, 1),
            march - datetime.timedelta(days=1),
            datetime.date(year + 1, 3, 10),
        ),
        (march, datetime.date(year + 1, 7, 4), datetime.date(year + 1, 6, 12)),
    )
    return Period.objects.bulk_create(
        Period(
            establishment=school,
            school_year=year,
            kind=Period.Kind.TRIMESTRE,
            number=number,
            starts_on=start,
            ends_on=end,
            council_on=council if council >= start else None,
        )
        for number, (start, end, council) in enumerate(bounds, start=1)
    )


def _services(world: DemoWorld) -> list[TeachingService]:
    wanted = Q(teacher=world.teacher)
    for child in world.children:
        groups = TeachingGroup.pupils.through.objects.filter(pupil_id=child.pk).values(
            "teachinggroup_id"
        )
        wanted |= Q(division_id=child.division_id) | Q(group_id__in=groups)
    return list(
        TeachingService.objects.active()
        .filter(wanted, establishment=world.establishment)
        .select_related("subject")
        .order_by("pk")
    )


def _mark(
    pupil_pk: int, index: int, out_of: Decimal, subject_salt: int = 0
) -> tuple[Decimal | None, str]:
    """A believable, reproducible mark: most between 8 and 18 /20, a few statuses; a pupil's
    marks differ from one subject to another (``subject_salt``)."""
    seed = (pupil_pk * 7 + index * 13 + subject_salt * 5) % 41
    if seed == 3:
        return None, Mark.Status.ABSENT
    if seed == 17 and index == 1:
        return None, Mark.Status.NOT_HANDED
    on_20 = Decimal(8 + (seed % 21) / 2)
    return min(out_of, (on_20 * out_of / 20).quantize(Decimal("0.5"))), ""


def _fill(
    service: TeachingService, periods: list[Period], today: datetime.date
) -> tuple[int, int, int]:
    pupils = list(service_pupils(service))
    devoirs = []
    for period in periods:
        for title, offset, out_of, coefficient, optional in DEVOIRS:
            day = period.starts_on + datetime.timedelta(days=offset + service.pk % 5)
            if day > min(today, period.ends_on):
                continue
            devoirs.append(
                Devoir(
                    establishment_id=service.establishment_id,
                    service=service,
                    period=period,
                    title=title,
                    date=day,
                    out_of=out_of,
                    coefficient=coefficient,
                    is_optional=optional,
                    visible_from=day + datetime.timedelta(days=3),
                )
            )
    # Whatever the day the demo is loaded, the current period has recent marks to show.
    current = next((p for p in periods if p.starts_on <= today <= p.ends_on), None)
    if current is not None:
        day = max(current.starts_on, today - datetime.timedelta(days=2 + service.pk % 3))
        devoirs.append(
            Devoir(
                establishment_id=service.establishment_id,
                service=service,
                period=current,
                title="Interrogation de la semaine",
                date=day,
                out_of=Decimal(20),
                coefficient=Decimal(1),
                is_optional=False,
                visible_from=min(today, day + datetime.timedelta(days=1)),
            )
        )
    Devoir.objects.bulk_create(devoirs)
    marks = []
    for index, devoir in enumerate(devoirs):
        for pupil in pupils:
            value, status = _mark(pupil.pk, index, devoir.out_of, service.pk)
            comment = (
                "Très bon travail."
                if value is not None and value >= devoir.out_of * Decimal("0.85")
                else ""
            )
            marks.append(
                Mark(devoir=devoir, pupil=pupil, value=value, status=status, comment=comment)
            )
    Mark.objects.bulk_create(marks)
    component, label = SKILLS.get(service.subject.code, SKILLS[""])
    items = [
        SkillItem(
            establishment_id=service.establishment_id,
            service=service,
            period=devoir.period,
            devoir=devoir,
            component=component,
            label=label,
            date=devoir.date,
            visible_from=devoir.visible_from,
        )
        for devoir in devoirs[::2]
    ]
    SkillItem.objects.bulk_create(items)
    levels = [
        SkillLevel(item=item, pupil=pupil, level=1 + (pupil.pk + n) % 4)
        for n, item in enumerate(items)
        for pupil in pupils
    ]
    SkillLevel.objects.bulk_create(levels)
    return len(devoirs), len(marks), len(levels)


@transaction.atomic
def run(world: DemoWorld) -> str:
    periods = _trimestres(world)
    filled = set(
        Devoir.objects.filter(establishment=world.establishment).values_list(
            "service_id", flat=True
        )
    )
    devoirs = marks = levels = 0
    for service in _services(world):
        if service.pk in filled:
            continue
        made = _fill(service, periods, world.today)
        devoirs, marks, levels = devoirs + made[0], marks + made[1], levels + made[2]
    return (
        f"carnet de notes : {len(periods)} trimestres, {devoirs} devoirs, {marks} notes, "
        f"{levels} niveaux de compétences"
    )


def step() -> Any:
    return DemoStep(key="evaluations", run=run, order=55)
