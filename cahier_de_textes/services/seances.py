"""Séances: a teacher writes, edits, deletes and copies their own."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.models import TeachingService, User
from accounts.school import SchoolRole
from core.uploads import CheckedUpload

from .. import messages as texts
from ..models import Attachment, Seance
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

# --- séances -----------------------------------------------------------------------------------


def _seance_validate(seance: Seance) -> None:
    check_in_year(seance.date, seance.establishment, "date")
    if seance.ends_at <= seance.starts_at:
        raise ValidationError({"ends_at": texts.ENDS_BEFORE_START}, code="ends_before_start")


@transaction.atomic
def seance_create(
    *,
    actor: User,
    role: SchoolRole,
    service: TeachingService,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    title: str,
    content: str,
    attachments: Sequence[NewAttachment] = (),
) -> Seance:
    check_teaches(role, service)
    seance = Seance(
        establishment=service.establishment,
        division_id=service.division_id,
        group_id=service.group_id,
        subject_id=service.subject_id,
        teacher_id=service.teacher_id,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title.strip(),
        content=content_to_html(content),
    )
    _seance_validate(seance)
    check_no_visa(seance, date)
    check_attachments(len(attachments))
    seance.full_clean()
    seance.save()
    attach(seance, attachments)
    audit(AuditAction.CAHIER_SEANCE_CREATED, actor, seance)
    return seance


@transaction.atomic
def seance_update(
    *,
    actor: User,
    role: SchoolRole,
    seance: Seance,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    title: str,
    content: str,
    attachments: Sequence[NewAttachment] = (),
    removed_attachment_ids: Sequence[int] = (),
) -> Seance:
    check_own(role, seance)
    check_no_visa(seance, seance.date, date)
    seance.date, seance.starts_at, seance.ends_at = date, starts_at, ends_at
    seance.title, seance.content = title.strip(), content_to_html(content)
    seance.updated_at = timezone.now()
    _seance_validate(seance)
    kept = seance.attachments.exclude(pk__in=list(removed_attachment_ids)).count()
    check_attachments(kept + len(attachments))
    seance.full_clean()
    seance.save(update_fields=["date", "starts_at", "ends_at", "title", "content", "updated_at"])
    detach(seance, removed_attachment_ids)
    attach(seance, attachments)
    audit(AuditAction.CAHIER_SEANCE_CHANGED, actor, seance)
    return seance


@transaction.atomic
def seance_delete(*, actor: User, role: SchoolRole, seance: Seance) -> None:
    check_own(role, seance)
    check_no_visa(seance, seance.date)
    audit(AuditAction.CAHIER_SEANCE_DELETED, actor, seance)
    forget_files(seance.attachments.values_list("file", flat=True))
    seance.delete()


@transaction.atomic
def seance_copy(
    *,
    actor: User,
    role: SchoolRole,
    seance: Seance,
    target: TeachingService,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
) -> Seance:
    """The same lesson for another class or group the teacher teaches, attachments included
    (each copy has its own file: deleting one leaves the other)."""
    check_own(role, seance)
    if (target.division_id, target.group_id, target.subject_id) == (
        seance.division_id,
        seance.group_id,
        seance.subject_id,
    ):
        raise ValidationError({"target": texts.SAME_SERVICE}, code="same_service")
    originals = list(seance.attachments.all())
    copies = []
    for original in originals:
        with original.file.open("rb") as stream:
            data = ContentFile(stream.read())
        copies.append(
            NewAttachment(
                upload=data,
                checked=CheckedUpload(
                    kind=_kind_of(original), name=original.name, size=original.size
                ),
            )
        )
    return seance_create(
        actor=actor,
        role=role,
        service=target,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        title=seance.title,
        content=seance.content,
        attachments=copies,
    )


def _kind_of(attachment: Attachment) -> Any:
    from core.uploads import KINDS

    return next(
        (kind for kind in KINDS.values() if kind.content_type == attachment.content_type),
        KINDS["txt"],
    )
