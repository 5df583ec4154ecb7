"""The teacher's side (and the direction's, read-only): the services, a service's mark book for
a period, a devoir's grid, a skill item's levels. A teacher reaches only their own services;
the direction every service of its establishment; anybody else gets 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import F, QuerySet
from django.http import Http404

from accounts.models import TeachingService
from accounts.school import SchoolRole, teacher_services

from .. import averages
from ..grid import canonical, shown
from ..models import Devoir, Mark, Period, SkillItem, SkillLevel
from .common import policy_of, service_pupils

_SERVICE_RELATED = ("subject", "division", "group", "establishment", "teacher")


@dataclass(frozen=True)
class Readable:
    """A service (or one of its objects) and whether the reader may write it."""

    service: TeachingService
    can_edit: bool


def listed_services(role: SchoolRole) -> QuerySet[TeachingService]:
    """« Mon carnet de notes »: the teacher's active services; the direction's: every active
    service of its establishment."""
    if role.is_direction:
        return (
            TeachingService.objects.active()
            .filter(establishment_id=role.establishment_id)
            .select_related("subject", "division", "group", "teacher")
            .order_by(F("division__code").asc(nulls_last=True), "group__code", "subject__label")
        )
    if role.is_teacher:
        return teacher_services(role)
    return TeachingService.objects.none()


def _can_read(role: SchoolRole, service: TeachingService) -> Readable | None:
    own = (
        role.staff_id is not None
        and service.teacher_id == role.staff_id
        and service.pk in role.service_ids
        and service.active
    )
    if own:
        return Readable(service, can_edit=True)
    if role.is_direction and service.establishment_id == role.establishment_id:
        return Readable(service, can_edit=False)
    return None


def readable_service(role: SchoolRole, service_id: int) -> Readable:
    service = (
        TeachingService.objects.filter(pk=service_id).select_related(*_SERVICE_RELATED).first()
    )
    found = _can_read(role, service) if service is not None else None
    if found is None:
        raise Http404("Service inconnu.")
    return found


def devoir_of(role: SchoolRole, devoir_id: int) -> tuple[Devoir, Readable]:
    devoir = (
        Devoir.objects.filter(pk=devoir_id)
        .select_related("period", *(f"service__{name}" for name in _SERVICE_RELATED))
        .first()
    )
    found = _can_read(role, devoir.service) if devoir is not None else None
    if devoir is None or found is None:
        raise Http404("Devoir inconnu.")
    return devoir, found


def skill_item_of(role: SchoolRole, item_id: int) -> tuple[SkillItem, Readable]:
    item = (
        SkillItem.objects.filter(pk=item_id)
        .select_related("period", "devoir", *(f"service__{name}" for name in _SERVICE_RELATED))
        .first()
    )
    found = _can_read(role, item.service) if item is not None else None
    if item is None or found is None:
        raise Http404("Compétence inconnue.")
    return item, found


def service_periods(service: TeachingService) -> list[Period]:
    return list(
        Period.objects.filter(
            establishment_id=service.establishment_id,
            school_year=service.establishment.school_year,
        ).order_by("starts_on")
    )


def service_devoirs(service: TeachingService, period: Period | None) -> QuerySet[Devoir]:
    """The devoirs a skill item may be attached to (the form's choices)."""
    devoirs = Devoir.objects.filter(service=service)
    if period is not None:
        devoirs = devoirs.filter(period=period)
    return devoirs.only("pk", "title", "date").order_by("date", "pk")


class MarkCell(NamedTuple):
    devoir_id: int
    pupil_id: int
    value: Decimal | None
    status: str


@dataclass
class BookRow:
    pupil: Any
    cells: list[str] = field(default_factory=list)
    average: Decimal | None = None


def mark_book(service: TeachingService, period: Period) -> dict[str, Any]:
    """A service's mark book for a period: every pupil (rows) × every devoir (columns), each
    pupil's average, each devoir's class average, min and max, the skill items. 5 queries
    whatever the number of pupils and devoirs."""
    devoirs = list(Devoir.objects.filter(service=service, period=period).order_by("date", "pk"))
    pupils = list(service_pupils(service))
    marks = [
        MarkCell(*row)
        for row in Mark.objects.filter(devoir__service=service, devoir__period=period).values_list(
            "devoir_id", "pupil_id", "value", "status"
        )
    ]
    policy = policy_of(service.establishment_id)
    items = list(
        SkillItem.objects.filter(service=service, period=period)
        .select_related("devoir")
        .order_by("date", "pk")
    )
    by_cell = {(m.pupil_id, m.devoir_id): m for m in marks}
    pupil_ids = [p.pk for p in pupils]
    pupil_averages = averages.pupils_averages(devoirs, marks, policy, pupil_ids)
    rows = []
    for pupil in pupils:
        row = BookRow(pupil=pupil, average=pupil_averages.get(pupil.pk))
        for devoir in devoirs:
            mark = by_cell.get((pupil.pk, devoir.pk))
            row.cells.append(shown(mark.value, mark.status) if mark else "")
        rows.append(row)
    for devoir in devoirs:
        devoir.stats = averages.devoir_stats(devoir, marks, policy)  # type: ignore[attr-defined]
    return {
        "devoirs": devoirs,
        "rows": rows,
        "subject_stats": averages.stats(pupil_averages.values()),
        "items": items,
        "policy": policy,
    }


@dataclass
class GridRow:
    pupil: Any
    text: str = ""
    original: str = ""
    comment: str = ""
    original_comment: str = ""
    error: str = ""


def devoir_grid(devoir: Devoir) -> dict[str, Any]:
    """A devoir's grid: one row per pupil of the class with the stored mark. 2 queries."""
    pupils = list(service_pupils(devoir.service))
    marks = {
        m.pupil_id: m
        for m in Mark.objects.filter(devoir=devoir, pupil_id__in=[p.pk for p in pupils]).only(
            "pupil_id", "value", "status", "comment"
        )
    }
    rows = []
    for pupil in pupils:
        mark = marks.get(pupil.pk)
        rows.append(
            GridRow(
                pupil=pupil,
                text=shown(mark.value, mark.status) if mark else "",
                original=canonical(mark.value, mark.status) if mark else "",
                comment=mark.comment if mark else "",
                original_comment=mark.comment if mark else "",
            )
        )
    return {"rows": rows, "pupil_ids": {p.pk for p in pupils}}


def item_grid(item: SkillItem) -> dict[str, Any]:
    """A skill item's levels: one row per pupil of the class. 2 queries."""
    pupils = list(service_pupils(item.service))
    levels = {
        row.pupil_id: row.level
        for row in SkillLevel.objects.filter(item=item, pupil_id__in=[p.pk for p in pupils]).only(
            "pupil_id", "level"
        )
    }
    rows = [
        GridRow(pupil=p, text=str(levels.get(p.pk) or ""), original=str(levels.get(p.pk) or ""))
        for p in pupils
    ]
    return {"rows": rows, "pupil_ids": {p.pk for p in pupils}}
