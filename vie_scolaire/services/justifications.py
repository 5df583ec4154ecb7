"""The families' side of an absence: a guardian justifies an absence online (motive, comment,
optional document) or declares one ahead; the vie scolaire accepts or refuses with a message."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, Pupil, User
from accounts.school import SchoolRole
from core.uploads import CheckedUpload

from .. import messages as texts
from ..cache import family_versions_bump
from ..models import Event, Justification, Motive
from .common import check_in_school_year, span_counts


def _check_guardian(role: SchoolRole, pupil_id: int) -> None:
    if not role.is_guardian:
        raise ValidationError(texts.ONLY_GUARDIANS)
    if pupil_id not in role.family_pupil_ids:
        raise PermissionDenied


def _justification(
    *,
    event: Event,
    actor: User,
    motive: Motive,
    comment: str,
    document: Any,
    checked: CheckedUpload | None,
) -> Justification:
    justification = Justification(
        event=event,
        submitted_by=actor,
        motive=motive,
        comment=comment.strip(),
        created_at=timezone.now(),
    )
    if document is not None and checked is not None:
        justification.document_name = checked.name
        justification.document_type = checked.kind.content_type
        justification.document.save(checked.name, document, save=False)
    justification.full_clean(exclude=["document"])
    justification.save()
    return justification


def _check_motive(event_establishment_id: int, motive: Motive) -> None:
    if motive.establishment_id != event_establishment_id or not motive.is_active:
        raise ValidationError({"motive": texts.MOTIVE_UNKNOWN})


@transaction.atomic
def justification_submit(
    *,
    role: SchoolRole,
    actor: User,
    event: Event,
    motive: Motive,
    comment: str = "",
    document: Any = None,
    checked: CheckedUpload | None = None,
    ip_address: str | None = None,
) -> Justification:
    """A guardian's justification of one of their child's absences; the absence becomes
    « motivée » until the vie scolaire answers."""
    _check_guardian(role, event.pupil_id)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if (
        not event.awaits_justification
        or event.justifications.filter(status=Justification.State.PENDING).exists()
    ):
        raise ValidationError(texts.JUSTIFICATION_NOT_EXPECTED)
    _check_motive(event.establishment_id, motive)
    justification = _justification(
        event=event, actor=actor, motive=motive, comment=comment, document=document, checked=checked
    )
    event.status, event.motive, event.updated_at = Event.State.EXPLAINED, motive, timezone.now()
    event.save(update_fields=["status", "motive", "updated_at"])
    family_versions_bump([event.pupil_id])
    audit_record(
        action=AuditAction.VIE_SCOLAIRE_JUSTIFICATION_SENT,
        actor=actor,
        target=justification,
        establishment=Establishment(pk=event.establishment_id),
        details={"event": event.pk, "document": bool(justification.document)},
        ip_address=ip_address,
    )
    return justification


@transaction.atomic
def absence_declare(
    *,
    role: SchoolRole,
    actor: User,
    pupil: Pupil,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    motive: Motive,
    comment: str = "",
    document: Any = None,
    checked: CheckedUpload | None = None,
    ip_address: str | None = None,
) -> Event:
    """A guardian tells the school of an absence to come: the absence is recorded « motivée »
    with its justification waiting for the vie scolaire."""
    _check_guardian(role, pupil.pk)
    if timezone.localtime(starts_at).date() < timezone.localdate():
        raise ValidationError({"starts_at": texts.DECLARATION_IN_THE_PAST})
    school_year = check_in_school_year(timezone.localtime(starts_at).date(), field="starts_at")
    check_in_school_year(timezone.localtime(ends_at).date(), field="ends_at")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": texts.END_BEFORE_START})
    _check_motive(pupil.establishment_id, motive)
    half_days, hours = span_counts(starts_at, ends_at)
    now = timezone.now()
    event = Event(
        establishment_id=pupil.establishment_id,
        pupil=pupil,
        kind=Event.Kind.ABSENCE,
        school_year=school_year,
        starts_at=starts_at,
        ends_at=ends_at,
        half_days=half_days,
        hours=hours,
        motive=motive,
        status=Event.State.EXPLAINED,
        declared_by_family=True,
        recorded_by=actor,
        created_at=now,
        updated_at=now,
    )
    event.full_clean(exclude=["recorded_by", "roll_call"])
    event.save()
    _justification(
        event=event, actor=actor, motive=motive, comment=comment, document=document, checked=checked
    )
    family_versions_bump([event.pupil_id])
    audit_record(
        action=AuditAction.VIE_SCOLAIRE_ABSENCE_DECLARED,
        actor=actor,
        target=event,
        establishment=Establishment(pk=event.establishment_id),
        details={"pupil": pupil.pk},
        ip_address=ip_address,
    )
    return event


@transaction.atomic
def justification_answer(
    *,
    role: SchoolRole,
    actor: User,
    justification: Justification,
    accept: bool,
    message: str = "",
    ip_address: str | None = None,
) -> Justification:
    """The vie scolaire accepts (the absence becomes « justifiée ») or refuses (« non
    justifiée », the family may send another) a justification, with a message for the family."""
    justification = (
        Justification.objects.select_for_update().select_related("event").get(pk=justification.pk)
    )
    event = justification.event
    if not role.manages_vie_scolaire or role.establishment_id != event.establishment_id:
        raise PermissionDenied
    if justification.status != Justification.State.PENDING:
        raise ValidationError(texts.JUSTIFICATION_ALREADY_ANSWERED)
    message = message.strip()
    if not accept and not message:
        raise ValidationError({"message": texts.REFUSAL_NEEDS_MESSAGE})
    now = timezone.now()
    justification.status = Justification.State.ACCEPTED if accept else Justification.State.REFUSED
    justification.answer, justification.answered_by, justification.answered_at = message, actor, now
    justification.full_clean(exclude=["document", "submitted_by"])
    justification.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    event.status = Event.State.JUSTIFIED if accept else Event.State.UNJUSTIFIED
    event.updated_at = now
    event.save(update_fields=["status", "updated_at"])
    family_versions_bump([event.pupil_id])
    audit_record(
        action=AuditAction.VIE_SCOLAIRE_JUSTIFICATION_ACCEPTED
        if accept
        else AuditAction.VIE_SCOLAIRE_JUSTIFICATION_REFUSED,
        actor=actor,
        target=justification,
        establishment=Establishment(pk=event.establishment_id),
        details={"event": event.pk},
        ip_address=ip_address,
    )
    return justification
