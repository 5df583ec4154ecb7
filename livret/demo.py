"""The demo collège's livret: every pupil of the demo pupil's class has a bilan of the first
trimestre written by their teachers (an element of the programme and an appreciation per subject,
a general appreciation) and locked by the demo principal, so LIVRET and its PDF are alive for the
demo parent. In a class that ends a cycle (6e, 3e), the bilans de fin de cycle are in preparation:
each component placed at the level the pupil's evaluations suggest, the synthesis left to the
direction, nothing locked (that happens at the end of the year). Idempotent: a bilan already
there is left as it is."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import Pupil
from accounts.school import school_role
from core.demo import DemoStep, DemoWorld
from evaluations.models import Period

from .compute import cycle_summaries, pupil_services
from .models import CYCLE_OF_LEVEL, Bilan, BilanSubject, CycleBilan
from .services import bilan_general_save, bilan_lock, cycle_bilan_save

APPRECIATIONS = (
    "Un trimestre sérieux : le travail est régulier et la participation active.",
    "Des progrès nets depuis la rentrée ; il faut maintenant approfondir les leçons.",
    "Des bases fragiles : un travail plus régulier à la maison permettra de progresser.",
)
GENERAL = (
    "Bon trimestre dans l'ensemble. Le conseil de classe encourage à poursuivre ces efforts et "
    "à participer davantage à l'oral."
)


@transaction.atomic
def run(world: DemoWorld) -> str:
    if world.direction is None or world.direction.account is None or not world.children:
        return "livret : pas de principal de démonstration, aucun bilan"
    period = (
        Period.objects.filter(
            establishment=world.establishment, school_year=world.establishment.school_year
        )
        .order_by("starts_on")
        .first()
    )
    if period is None or period.council_on is None:
        return "livret : pas de premier trimestre avec son conseil de classe, aucun bilan"
    actor = world.direction.account
    role = school_role(actor)
    child = world.children[0]
    pupils = list(
        Pupil.objects.current()
        .filter(division_id=child.division_id)
        .select_related("division", "establishment")
        .order_by("pk")
    )
    done = set(
        Bilan.objects.filter(period=period, pupil__in=pupils).values_list("pupil_id", flat=True)
    )
    locked = 0
    for index, pupil in enumerate(p for p in pupils if p.pk not in done):
        services = list(pupil_services(pupil))
        if not services:
            continue
        bilan = bilan_general_save(
            actor=actor,
            role=role,
            pupil=pupil,
            period=period,
            appreciation=GENERAL,
            parcours={"PAR_CIT": "Élection des délégués de classe et semaine de la laïcité."},
            accompaniments=["PPRE"] if index % 7 == 3 else [],
        )
        BilanSubject.objects.bulk_create(
            BilanSubject(
                bilan=bilan,
                service=service,
                subject_code=service.subject.code,
                subject_label=service.subject.label[:80],
                teacher_sts_id=service.teacher.sts_id,
                teacher_name=f"{service.teacher.first_name} {service.teacher.last_name}",
                programme=f"Notions du premier trimestre en {service.subject.label.lower()}",
                appreciation=APPRECIATIONS[(pupil.pk + n) % len(APPRECIATIONS)],
            )
            for n, service in enumerate(services)
        )
        bilan_lock(actor=actor, role=role, pupil=pupil, period=period)
        locked += 1
    drafts = _cycle_drafts(actor, role, pupils)
    return f"livret : {locked} bilans du {period} verrouillés, {drafts} bilans de fin de cycle en préparation"


def _cycle_drafts(actor: Any, role: Any, pupils: list[Pupil]) -> int:
    if not pupils or pupils[0].division is None or pupils[0].division.level not in CYCLE_OF_LEVEL:
        return 0
    started = set(CycleBilan.objects.filter(pupil__in=pupils).values_list("pupil_id", flat=True))
    cycle = CYCLE_OF_LEVEL[pupils[0].division.level]
    drafts = 0
    for index, pupil in enumerate(pupils):
        if pupil.pk in started:
            continue
        suggested = {
            code: str(summary.suggestion)
            for code, summary in cycle_summaries(pupil.pk).items()
            if summary.suggestion is not None
        }
        # In 3e, one pupil in four follows Latin (LCA), the others no enseignement de complément.
        complement = ("LCA" if index % 4 == 0 else "AUC") if cycle == 4 else ""
        cycle_bilan_save(
            actor=actor,
            role=role,
            pupil=pupil,
            components=suggested,
            synthesis="",
            complement=complement,
        )
        drafts += 1
    return drafts


def step() -> Any:
    return DemoStep(key="livret", run=run, order=56)
