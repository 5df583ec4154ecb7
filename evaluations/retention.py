"""What the mark book erases (registered in ``EvaluationsConfig.ready``): a school year's
devoirs with their marks, skill items with their levels, and periods are kept during the
following school year — for the next teachers, the conseils de classe and the families looking
back — and erased when it is over (``conf.kept_school_years()``), on 1 September."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.retention import RetentionRule, delete_in_batches
from core.schoolyear import school_year_of

from . import conf
from .models import Devoir, Mark, Period, SkillItem, SkillLevel


def oldest_kept_year(now: datetime.datetime) -> int:
    return school_year_of(timezone.localdate(now)) - conf.kept_school_years()


def _marks(now: datetime.datetime) -> int:
    return delete_in_batches(
        Mark.objects.filter(devoir__period__school_year__lt=oldest_kept_year(now))
    )


def _devoirs(now: datetime.datetime) -> int:
    return delete_in_batches(Devoir.objects.filter(period__school_year__lt=oldest_kept_year(now)))


def _levels(now: datetime.datetime) -> int:
    return delete_in_batches(
        SkillLevel.objects.filter(item__period__school_year__lt=oldest_kept_year(now))
    )


def _skill_items(now: datetime.datetime) -> int:
    return delete_in_batches(
        SkillItem.objects.filter(period__school_year__lt=oldest_kept_year(now))
    )


def _periods(now: datetime.datetime) -> int:
    return delete_in_batches(Period.objects.filter(school_year__lt=oldest_kept_year(now)))


_WHEN = "à la fin de l'année scolaire qui suit la leur (le 1er septembre)"

RULES = [
    RetentionRule(
        key="notes_notes", description=f"notes des élèves, {_WHEN}", run=_marks, order=84
    ),
    RetentionRule(
        key="notes_devoirs",
        description=f"devoirs du carnet de notes, {_WHEN}",
        run=_devoirs,
        order=85,
    ),
    RetentionRule(
        key="notes_niveaux_competences",
        description=f"niveaux de maîtrise des compétences, {_WHEN}",
        run=_levels,
        order=86,
    ),
    RetentionRule(
        key="notes_competences",
        description=f"compétences évaluées par les enseignants, {_WHEN}",
        run=_skill_items,
        order=87,
    ),
    RetentionRule(
        key="notes_periodes",
        description=f"périodes (trimestres, semestres), {_WHEN}",
        run=_periods,
        order=88,
    ),
]
