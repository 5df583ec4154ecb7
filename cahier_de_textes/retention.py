"""What the cahier de textes erases (registered in ``CahierDeTextesConfig.ready``): a school
year's séances, travail à faire (with the pupils' « Fait »), attachments and visas are kept
during the following school year — to look back on last year — and erased when it is over
(``conf.kept_school_years()``), on 1 September."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.retention import RetentionRule, delete_in_batches
from core.schoolyear import school_year_bounds, school_year_of

from . import conf
from .models import Attachment, Homework, Seance, Visa


def erased_before(now: datetime.datetime) -> datetime.date:
    """Entries dated before this day are erased (the first day of the oldest kept year)."""
    kept = school_year_of(timezone.localdate(now)) - conf.kept_school_years()
    return school_year_bounds(kept)[0]


def _attachments(now: datetime.datetime) -> int:
    before = erased_before(now)
    old = Attachment.objects.filter(seance__date__lt=before) | Attachment.objects.filter(
        homework__due_on__lt=before
    )
    storage = Attachment._meta.get_field("file").storage
    erased = 0
    while True:
        rows = list(old.order_by("pk").values_list("pk", "file")[:1000])
        if not rows:
            return erased
        Attachment.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        for _, name in rows:
            if name:
                storage.delete(name)
        erased += len(rows)


def _homework(now: datetime.datetime) -> int:
    return delete_in_batches(Homework.objects.filter(due_on__lt=erased_before(now)))


def _seances(now: datetime.datetime) -> int:
    return delete_in_batches(Seance.objects.filter(date__lt=erased_before(now)))


def _visas(now: datetime.datetime) -> int:
    return delete_in_batches(Visa.objects.filter(up_to__lt=erased_before(now)))


_WHEN = "à la fin de l'année scolaire qui suit la leur (le 1er septembre)"

RULES = [
    RetentionRule(
        key="cahier_pieces_jointes",
        description=f"pièces jointes du cahier de textes (fichiers compris), {_WHEN}",
        run=_attachments,
        order=80,
    ),
    RetentionRule(
        key="cahier_travail_a_faire",
        description=f"travail à faire du cahier de textes et cases « Fait » des élèves, {_WHEN}",
        run=_homework,
        order=81,
    ),
    RetentionRule(
        key="cahier_seances",
        description=f"séances du cahier de textes, {_WHEN}",
        run=_seances,
        order=82,
    ),
    RetentionRule(
        key="cahier_visas",
        description=f"visas de la direction sur le cahier de textes, {_WHEN}",
        run=_visas,
        order=83,
    ),
]
