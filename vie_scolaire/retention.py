"""What the vie scolaire erases (registered in ``VieScolaireConfig.ready``): the national
téléservice rule keeps a school year's vie scolaire only for that year. On the first sweep of a
new school year, the previous year's events (with their justifications and documents), appels
and family notices are erased."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from core.retention import RetentionRule, delete_in_batches
from core.schoolyear import school_year_of

from .models import Event, FamilyNotice, Justification, RollCall


def _erase_past_years(now: datetime.datetime) -> int:
    year = school_year_of(timezone.localtime(now).date())
    events = Event.objects.filter(school_year__lt=year)
    documents = list(
        Justification.objects.filter(event__school_year__lt=year)
        .exclude(document="")
        .values_list("document", flat=True)
    )
    erased = delete_in_batches(events)
    for name in documents:
        default_storage.delete(name)
    roll_calls = RollCall.objects.filter(school_year__lt=year).count()
    first_day = datetime.date(year, 9, 1)
    delete_in_batches(FamilyNotice.objects.filter(day__lt=first_day))
    if erased or roll_calls:
        audit_record(
            action=AuditAction.VIE_SCOLAIRE_YEAR_ERASED,
            details={
                "before": year,
                "events": erased,
                "roll_calls": roll_calls,
                "documents": len(documents),
            },
        )
    return erased


def _erase_past_roll_calls(now: datetime.datetime) -> int:
    year = school_year_of(timezone.localtime(now).date())
    return delete_in_batches(RollCall.objects.filter(school_year__lt=year))


RULES = [
    RetentionRule(
        key="vie_scolaire_annee_terminee",
        description="évènements de vie scolaire (absences, retards, punitions, observations), "
        "avec leurs justificatifs et documents, et avis aux familles : supprimés au premier "
        "balayage de l'année scolaire suivante (règle des téléservices nationaux)",
        run=_erase_past_years,
    ),
    RetentionRule(
        key="appels_annee_terminee",
        description="appels des enseignants : supprimés au premier balayage de l'année scolaire "
        "suivante",
        run=_erase_past_roll_calls,
        order=101,
    ),
]
