"""What the writes of the cahier de textes share: who may write, the school year, the visa,
attachments, the audit record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, TeachingService, User
from accounts.school import SchoolRole
from core.html import sanitize_html, text_to_html
from core.schoolyear import in_school_year
from core.uploads import CheckedUpload

from .. import conf, versions
from .. import messages as texts
from ..models import Attachment, Homework, Seance, Visa


@dataclass(frozen=True)
class NewAttachment:
    """An uploaded file the form checked by its content (``core.uploads.upload_check``)."""

    upload: Any
    checked: CheckedUpload


def content_to_html(value: str) -> str:
    """What a teacher typed: simple HTML (sanitised) or plain text (paragraphs)."""
    value = (value or "").strip()
    return sanitize_html(value) if "<" in value else text_to_html(value)


# --- checks ------------------------------------------------------------------------------------


def check_teaches(role: SchoolRole, service: TeachingService) -> None:
    if not (
        service.active and service.pk in role.service_ids and service.teacher_id == role.staff_id
    ):
        raise ValidationError(texts.NOT_YOUR_CLASS, code="not_your_class")


def check_own(role: SchoolRole, entry: Seance | Homework) -> None:
    if role.staff_id is None or entry.teacher_id != role.staff_id:
        raise ValidationError(texts.NOT_YOUR_ENTRY, code="not_your_entry")


def check_in_year(day: datetime.date, establishment: Establishment, field: str) -> None:
    if not in_school_year(day, establishment.school_year):
        raise ValidationError(
            {field: texts.out_of_school_year(establishment.school_year)}, code="school_year"
        )


def visa_up_to(
    *, division_id: int | None, group_id: int | None, subject_id: int
) -> datetime.date | None:
    """Up to which day the direction visaed this class's (or group's) cahier of this subject."""
    where: dict[str, Any] = {
        "division_id": division_id,
        "group_id": group_id,
        "subject_id": subject_id,
    }
    return Visa.objects.filter(**where).aggregate(up_to=Max("up_to"))["up_to"]


def check_no_visa(where: Any, *days: datetime.date) -> None:
    up_to = visa_up_to(
        division_id=where.division_id, group_id=where.group_id, subject_id=where.subject_id
    )
    if up_to is not None and any(day <= up_to for day in days):
        raise ValidationError(texts.under_visa(up_to), code="visa")


def check_attachments(count: int) -> None:
    limit = conf.attachments_per_entry()
    if count > limit:
        raise ValidationError(
            {"attachments": texts.too_many_attachments(limit)}, code="attachments"
        )


def attach(entry: Seance | Homework, attachments: Sequence[NewAttachment]) -> None:
    owner: dict[str, Any] = {"seance": entry} if isinstance(entry, Seance) else {"homework": entry}
    for new in attachments:
        attachment = Attachment(
            name=new.checked.name,
            content_type=new.checked.kind.content_type,
            size=new.checked.size,
            **owner,
        )
        new.upload.seek(0)
        attachment.file.save(new.checked.name, new.upload, save=False)
        attachment.full_clean()
        attachment.save()


def forget_files(names: Iterable[str]) -> None:
    """Removes stored files once the rows that named them are gone for good."""
    names = [name for name in names if name]
    if not names:
        return
    storage = Attachment._meta.get_field("file").storage

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)


def detach(entry: Seance | Homework, attachment_ids: Iterable[int]) -> None:
    ids = list(attachment_ids)
    if not ids:
        return
    doomed = entry.attachments.filter(pk__in=ids)
    forget_files(doomed.values_list("file", flat=True))
    doomed.delete()


def audit(action: AuditAction, actor: User, entry: Any) -> None:
    """The audit record of a write, and the school's cached family pages let go."""
    audit_record(action=action, actor=actor, target=entry, establishment=entry.establishment)
    versions.school_changed(entry.establishment_id)
