"""The teacher's side: their services, the cahier of one of them, their own entries (404 for
anybody else's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import TeachingService
from accounts.school import SchoolRole
from core.schoolyear import school_year_bounds

from ..models import Homework, Seance
from .common import (
    homework_qs,
    seances_qs,
    structure_q,
    visas_of,
)

# --- the teacher's side ------------------------------------------------------------------------


def teacher_service(role: SchoolRole, service_id: int) -> TeachingService:
    """One of the teacher's own active services; 404 for anybody else's."""
    if service_id not in role.service_ids:
        raise Http404("Service inconnu.")
    service = (
        TeachingService.objects.active()
        .filter(pk=service_id, teacher_id=role.staff_id)
        .select_related("subject", "division", "group", "establishment")
        .first()
    )
    if service is None:
        raise Http404("Service inconnu.")
    return service


def service_cahier(service: TeachingService) -> dict[str, Any]:
    """A class's (or group's) cahier of one subject, as its teacher sees it: every séance and
    travail à faire of the school year, newest first, with their visa stamp. 5 queries."""
    where = structure_q(division_id=service.division_id, group_id=service.group_id) & Q(
        subject_id=service.subject_id
    )
    first, last = school_year_bounds(service.establishment.school_year)
    seances = list(
        seances_qs().filter(where, date__range=(first, last)).order_by("-date", "-starts_at")
    )
    homework = list(
        homework_qs().filter(where, due_on__range=(first, last)).order_by("-due_on", "-pk")
    )
    visas = visas_of(where)
    return {
        "seances": visas.mark(seances),
        "homework": visas.mark(homework),
        "today": timezone.localdate(),
        "last_visa": visas.last(
            division_id=service.division_id,
            group_id=service.group_id,
            subject_id=service.subject_id,
        ),
    }


def own_seance(role: SchoolRole, seance_id: int) -> Seance:
    """A séance the teacher wrote; 404 for anybody else's."""
    seance = (
        seances_qs()
        .select_related("establishment")
        .filter(pk=seance_id, teacher_id=role.staff_id, teacher__isnull=False)
        .first()
    )
    if seance is None or role.staff_id is None:
        raise Http404("Séance inconnue.")
    return seance


def own_homework(role: SchoolRole, homework_id: int) -> Homework:
    homework = (
        homework_qs()
        .select_related("establishment", "seance")
        .filter(pk=homework_id, teacher_id=role.staff_id)
        .first()
    )
    if homework is None or role.staff_id is None:
        raise Http404("Travail inconnu.")
    return homework


def service_of_entry(role: SchoolRole, entry: Seance | Homework) -> TeachingService | None:
    """The teacher's service an entry was written on (``None`` once STS ended it)."""
    return (
        TeachingService.objects.active()
        .filter(
            pk__in=role.service_ids,
            division_id=entry.division_id,
            group_id=entry.group_id,
            subject_id=entry.subject_id,
        )
        .select_related("subject", "division", "group", "establishment")
        .first()
    )


def service_seances(service: TeachingService) -> QuerySet[Seance]:
    """The séances a travail à faire may be linked to (the form's choices)."""
    return _seance_choices(service, service.establishment.school_year)


def entry_seances(homework: Homework) -> QuerySet[Seance]:
    return _seance_choices(homework, homework.establishment.school_year)


def _seance_choices(where: Any, school_year: int) -> QuerySet[Seance]:
    first, last = school_year_bounds(school_year)
    return (
        Seance.objects.filter(
            structure_q(division_id=where.division_id, group_id=where.group_id),
            subject_id=where.subject_id,
            date__range=(first, last),
        )
        .only("pk", "date", "title")
        .order_by("-date", "-starts_at")
    )
