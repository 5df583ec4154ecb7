"""The school community's consultation, the direction's visa choices, attachments."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.models import Division, Establishment, Subject, TeachingGroup, TeachingService
from accounts.school import SchoolRole

from ..models import Attachment, Homework, Seance
from .common import (
    by_subject,
    homework_qs,
    parse_id,
    seances_qs,
    structure_q,
    visas_of,
    week_of,
)

# --- the school community's consultation -------------------------------------------------------


def community_establishments(role: SchoolRole) -> list[Establishment]:
    """The establishments whose cahier de textes the role may browse: their own (a family's:
    their children's)."""
    if not role.establishment_ids:
        return []
    return list(
        Establishment.objects.filter(pk__in=role.establishment_ids)
        .only("pk", "name", "uai", "school_year")
        .order_by("name")
    )


def community_structures(establishments: list[Establishment]) -> dict[str, Any]:
    """Every class and group of those establishments, for the consultation's index. 2 queries."""
    ids = [e.pk for e in establishments]
    return {
        "divisions": list(
            Division.objects.filter(establishment_id__in=ids)
            .only("pk", "code", "level", "establishment_id")
            .order_by("establishment_id", "level", "code")
        ),
        "groups": list(
            TeachingGroup.objects.filter(establishment_id__in=ids)
            .only("pk", "code", "label", "establishment_id")
            .order_by("establishment_id", "code")
        ),
    }


def community_structure(
    role: SchoolRole, *, classe: str | None, groupe: str | None
) -> Division | TeachingGroup | None:
    """The class (``?classe=``) or group (``?groupe=``) asked for, among the role's schools;
    ``None`` when nothing is asked; 404 for another school's (or an unknown) one."""
    division_id, group_id = parse_id(classe), parse_id(groupe)
    if classe is None and groupe is None:
        return None
    model: Any = Division if division_id else TeachingGroup
    pk = division_id or group_id
    found = (
        model.objects.filter(pk=pk, establishment_id__in=role.establishment_ids)
        .select_related("establishment")
        .first()
        if pk
        else None
    )
    if found is None:
        raise Http404("Classe inconnue.")
    return found


def structure_cahier(
    role: SchoolRole,
    structure: Division | TeachingGroup,
    *,
    week: str | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """One class's (or group's) cahier de textes for a week, read-only, every subject: the
    séances of the week and the travail à faire due that week (published ones; a teacher also
    sees their own coming ones). For the direction, the subjects taught there (to visa). 5
    queries, 6 for the direction."""
    today = today or timezone.localdate()
    establishment = structure.establishment
    shown = week_of(week, school_year=establishment.school_year, today=today)
    is_division = isinstance(structure, Division)
    where = structure_q(
        division_id=structure.pk if is_division else None,
        group_id=None if is_division else structure.pk,
    )
    seances = list(
        seances_qs()
        .filter(where, date__range=(shown.monday, shown.sunday))
        .order_by("date", "starts_at", "pk")
    )
    visible = Q(published_on__lte=today)
    if role.staff_id is not None:
        visible |= Q(teacher_id=role.staff_id)
    homework = list(
        homework_qs()
        .filter(where, visible, due_on__range=(shown.monday, shown.sunday))
        .order_by("due_on", "subject__label", "pk")
    )
    visas = visas_of(where)
    visas.mark(seances)
    visas.mark(homework)
    context: dict[str, Any] = {
        "structure": structure,
        "is_division": is_division,
        "structure_query": f"{'classe' if is_division else 'groupe'}={structure.pk}&",
        "week": shown,
        "seances_by_subject": by_subject(seances),
        "homework": homework,
    }
    if role.is_direction and role.establishment_id == establishment.pk:
        subjects = list(
            Subject.objects.filter(
                services__in=TeachingService.objects.active().filter(
                    Q(division_id=structure.pk) if is_division else Q(group_id=structure.pk)
                )
            )
            .distinct()
            .only("pk", "label")
            .order_by("label")
        )
        context["visa_subjects"] = [
            (
                subject,
                visas.last(
                    division_id=structure.pk if is_division else None,
                    group_id=None if is_division else structure.pk,
                    subject_id=subject.pk,
                ),
            )
            for subject in subjects
        ]
    return context


def visa_subject(structure: Division | TeachingGroup, subject_id: int | None) -> Subject:
    """A subject taught in the class or group (the visa form's choice); 404 otherwise."""
    q = Q(division_id=structure.pk) if isinstance(structure, Division) else Q(group_id=structure.pk)
    subject = (
        Subject.objects.filter(
            pk=subject_id or 0,
            establishment_id=structure.establishment_id,
            services__in=TeachingService.objects.active().filter(q),
        )
        .distinct()
        .first()
    )
    if subject is None:
        raise Http404("Matière inconnue.")
    return subject


# --- attachments -------------------------------------------------------------------------------


def attachment_for(role: SchoolRole, attachment_id: int) -> Attachment:
    """An attachment for whoever may read its entry: the school community of its establishment
    (for a travail à faire, once published; before, only its teacher and the direction); 404
    for anybody else."""
    attachment = (
        Attachment.objects.select_related("seance", "homework").filter(pk=attachment_id).first()
    )
    if attachment is None:
        raise Http404("Pièce jointe inconnue.")
    entry: Seance | Homework = attachment.seance or attachment.homework  # type: ignore[assignment]
    if not role.belongs_to(entry.establishment_id):
        raise Http404("Pièce jointe inconnue.")
    unpublished = isinstance(entry, Homework) and entry.published_on > timezone.localdate()
    if unpublished and not (entry.teacher_id == role.staff_id or role.is_direction):
        raise Http404("Pièce jointe inconnue.")
    return attachment
