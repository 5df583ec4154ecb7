"""Travail à faire: a teacher's own; the pupil's « Fait »."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.models import Pupil, TeachingService, User
from accounts.school import SchoolRole
from core.html import is_blank_html

from .. import messages as texts
from .. import versions
from ..models import Homework, HomeworkDone, Seance
from .common import (
    NewAttachment,
    attach,
    audit,
    check_attachments,
    check_in_year,
    check_no_visa,
    check_own,
    check_teaches,
    content_to_html,
    detach,
    forget_files,
)

# --- travail à faire ---------------------------------------------------------------------------


def _homework_validate(homework: Homework) -> None:
    check_in_year(homework.due_on, homework.establishment, "due_on")
    check_in_year(homework.published_on, homework.establishment, "published_on")
    if homework.published_on > homework.due_on:
        raise ValidationError({"published_on": texts.PUBLISHED_AFTER_DUE}, code="published")
    if is_blank_html(homework.description):
        raise ValidationError({"description": texts.BLANK_DESCRIPTION}, code="blank")
    seance = homework.seance
    if seance is not None and (seance.division_id, seance.group_id, seance.subject_id) != (
        homework.division_id,
        homework.group_id,
        homework.subject_id,
    ):
        raise ValidationError({"seance": texts.SEANCE_ELSEWHERE}, code="seance_elsewhere")


@transaction.atomic
def homework_create(
    *,
    actor: User,
    role: SchoolRole,
    service: TeachingService,
    due_on: datetime.date,
    description: str,
    estimated_minutes: int | None = None,
    published_on: datetime.date | None = None,
    seance: Seance | None = None,
    attachments: Sequence[NewAttachment] = (),
) -> Homework:
    check_teaches(role, service)
    homework = Homework(
        establishment=service.establishment,
        division_id=service.division_id,
        group_id=service.group_id,
        subject_id=service.subject_id,
        teacher_id=service.teacher_id,
        due_on=due_on,
        description=content_to_html(description),
        estimated_minutes=estimated_minutes,
        published_on=published_on or timezone.localdate(),
        seance=seance,
    )
    _homework_validate(homework)
    check_no_visa(homework, due_on)
    check_attachments(len(attachments))
    homework.full_clean()
    homework.save()
    attach(homework, attachments)
    audit(AuditAction.CAHIER_HOMEWORK_CREATED, actor, homework)
    return homework


@transaction.atomic
def homework_update(
    *,
    actor: User,
    role: SchoolRole,
    homework: Homework,
    due_on: datetime.date,
    description: str,
    estimated_minutes: int | None,
    published_on: datetime.date,
    seance: Seance | None,
    attachments: Sequence[NewAttachment] = (),
    removed_attachment_ids: Sequence[int] = (),
) -> Homework:
    check_own(role, homework)
    check_no_visa(homework, homework.due_on, due_on)
    homework.due_on, homework.published_on = due_on, published_on
    homework.description = content_to_html(description)
    homework.estimated_minutes, homework.seance = estimated_minutes, seance
    homework.updated_at = timezone.now()
    _homework_validate(homework)
    kept = homework.attachments.exclude(pk__in=list(removed_attachment_ids)).count()
    check_attachments(kept + len(attachments))
    homework.full_clean()
    homework.save(
        update_fields=[
            "due_on",
            "published_on",
            "description",
            "estimated_minutes",
            "seance",
            "updated_at",
        ]
    )
    detach(homework, removed_attachment_ids)
    attach(homework, attachments)
    audit(AuditAction.CAHIER_HOMEWORK_CHANGED, actor, homework)
    return homework


@transaction.atomic
def homework_delete(*, actor: User, role: SchoolRole, homework: Homework) -> None:
    check_own(role, homework)
    check_no_visa(homework, homework.due_on)
    audit(AuditAction.CAHIER_HOMEWORK_DELETED, actor, homework)
    forget_files(homework.attachments.values_list("file", flat=True))
    homework.delete()


def homework_done_set(*, role: SchoolRole, pupil: Pupil, homework: Homework, done: bool) -> bool:
    """The pupil ticks (or unticks) « Fait »; nobody else may. Idempotent; not audited (the
    pupil's own checklist)."""
    if not (role.is_pupil and pupil.pk in role.family_pupil_ids):
        raise ValidationError(texts.DONE_PUPIL_ONLY, code="pupil_only")
    if done:
        HomeworkDone.objects.get_or_create(homework=homework, pupil=pupil)
    else:
        HomeworkDone.objects.filter(homework=homework, pupil=pupil).delete()
    versions.ticks_changed(pupil.pk)
    return done
