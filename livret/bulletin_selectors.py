"""Reads of the secretariat's bulletins (``livret.bulletins``): which locked bilans a class, a level
or the whole establishment prints, in which order, and the bilans themselves a chunk at a time.
Apart from ``selectors``, which serves the pages of the teachers, the direction and the families:
these reads serve a background task, for the admin's scoped batches."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import Division
from core.text import code_key, fold
from evaluations.models import Period

from .models import Bilan

# Classes print from 6e to 3e, then those of no level.
LEVEL_ORDER = {"6": 0, "5": 1, "4": 2, "3": 3}


def _bulletin_bilans(
    establishment_id: int, period: Period, division: Division | None, level: str
) -> QuerySet[Bilan]:
    """The locked bilans of the period of the pupils in a class, in the classes of a level, or in
    every class of the establishment."""
    found = Bilan.objects.filter(
        period=period,
        locked_at__isnull=False,
        pupil__division__establishment_id=establishment_id,
    )
    if division is not None:
        return found.filter(pupil__division=division)
    if level:
        return found.filter(pupil__division__level=level)
    return found


def bulletin_bilans_count(
    establishment_id: int, period: Period, *, division: Division | None = None, level: str = ""
) -> int:
    """1 query."""
    return _bulletin_bilans(establishment_id, period, division, level).count()


def bulletin_print_order(
    establishment_id: int, period: Period, *, division: Division | None = None, level: str = ""
) -> list[int]:
    """The ids of the bilans to print, in the order of the printed bulletins: classes by level
    (6e to 3e) then code, pupils alphabetical inside each class by the name printed (usage name
    first), accents ignored. Only the ids and the names are read, whatever the size of the
    school. 1 query."""
    rows = _bulletin_bilans(establishment_id, period, division, level).values_list(
        "pk",
        "pupil_id",
        "pupil__division__level",
        "pupil__division__code",
        "pupil__usage_name",
        "pupil__last_name",
        "pupil__first_name",
    )

    def key(row: tuple[Any, ...]) -> tuple[Any, ...]:
        pk, pupil_id, level_, code, usage_name, last_name, first_name = row
        return (
            LEVEL_ORDER.get(level_, len(LEVEL_ORDER)),
            code_key(code),
            code,
            fold(usage_name or last_name),
            fold(first_name),
            pupil_id,
        )

    return [row[0] for row in sorted(rows, key=key)]


def bulletin_bilans_by_id(ids: list[int]) -> list[Bilan]:
    """Those bilans with their pupil, class and subjects, in the order of ``ids`` (a bilan gone
    meanwhile is left out). 2 queries."""
    found = {
        bilan.pk: bilan
        for bilan in Bilan.objects.filter(pk__in=ids)
        .select_related("pupil__division")
        .prefetch_related("lines")
    }
    return [found[pk] for pk in ids if pk in found]
