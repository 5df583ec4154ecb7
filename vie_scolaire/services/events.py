"""Events recorded by hand: the vie scolaire team (``EDU``) and the direction record and edit
any event of their establishment; a teacher writes observations and encouragements for the
pupils they teach."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, Pupil, User
from accounts.school import SchoolRole, pupils_taught_q

from .. import messages as texts
from ..cache import family_versions_bump
from ..models import Event
from .common import check_in_school_year, span_counts
from .notices import NOTIFIED_KINDS, notices_schedule

TEACHER_KINDS = (Event.Kind.OBSERVATION, Event.Kind.ENCOURAGEMENT)
# What each kind of event takes from the form (the rest keeps its default).
FIELDS = {
    Event.Kind.ABSENCE: ("starts_at", "ends_at", "half_days", "hours", "motive", "status", "text"),
    Event.Kind.RETARD: ("starts_at", "minutes", "motive", "justified", "text"),
    Event.Kind.PUNITION: ("starts_at", "nature", "text", "work_to_do", "given_by"),
    Event.Kind.OBSERVATION: ("starts_at", "text"),
    Event.Kind.ENCOURAGEMENT: ("starts_at", "text"),
}
# non motivée → motivée → justifiée / non justifiée → réglée (and the corrections of a CPE).
TRANSITIONS = {
    Event.State.UNEXPLAINED: {
        Event.State.EXPLAINED,
        Event.State.JUSTIFIED,
        Event.State.UNJUSTIFIED,
    },
    Event.State.EXPLAINED: {
        Event.State.UNEXPLAINED,
        Event.State.JUSTIFIED,
        Event.State.UNJUSTIFIED,
    },
    Event.State.JUSTIFIED: {Event.State.UNJUSTIFIED, Event.State.SETTLED},
    Event.State.UNJUSTIFIED: {Event.State.JUSTIFIED, Event.State.SETTLED},
    Event.State.SETTLED: set(),
}


def _check_writer(role: SchoolRole, pupil: Pupil, kind: str) -> None:
    if role.establishment_id != pupil.establishment_id or not role.is_staff_member:
        raise PermissionDenied
    if role.manages_vie_scolaire:
        return
    if kind not in TEACHER_KINDS or not role.is_teacher:
        raise PermissionDenied
    if not Pupil.objects.filter(pk=pupil.pk).filter(pupils_taught_q(role)).exists():
        raise ValidationError(texts.PUPIL_NOT_VISIBLE)


def _apply(event: Event, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in FIELDS[Event.Kind(event.kind)]:
        if name not in data:
            continue
        value = data[name]
        if name == "status" and not value:
            continue
        if getattr(event, name) != value:
            setattr(event, name, value)
            changed.append(name)
    check_in_school_year(timezone.localtime(event.starts_at).date(), field="starts_at")
    if event.kind == Event.Kind.ABSENCE and event.ends_at and event.ends_at > event.starts_at:
        half_days, hours = span_counts(event.starts_at, event.ends_at)
        event.half_days = data.get("half_days") or half_days
        event.hours = data.get("hours") or hours
    return changed


@transaction.atomic
def event_create(
    *,
    role: SchoolRole,
    actor: User,
    pupil: Pupil,
    kind: str,
    data: dict[str, Any],
    ip_address: str | None = None,
) -> Event:
    _check_writer(role, pupil, kind)
    now = timezone.now()
    starts_at: datetime.datetime = data["starts_at"]
    event = Event(
        establishment_id=pupil.establishment_id,
        pupil=pupil,
        kind=kind,
        school_year=check_in_school_year(timezone.localtime(starts_at).date(), field="starts_at"),
        starts_at=starts_at,
        recorded_by=actor,
        given_by_id=role.staff_id if kind in TEACHER_KINDS else None,
        created_at=now,
        updated_at=now,
    )
    _apply(event, data)
    if kind == Event.Kind.ABSENCE and not event.status:
        event.status = Event.State.UNEXPLAINED
    event.full_clean(exclude=["recorded_by", "roll_call"])
    event.save()
    family_versions_bump([pupil.pk])
    audit_record(
        action=AuditAction.VIE_SCOLAIRE_EVENT_CREATED,
        actor=actor,
        target=event,
        establishment=Establishment(pk=event.establishment_id),
        details={"pupil": pupil.pk, "kind": kind},
        ip_address=ip_address,
    )
    if kind in NOTIFIED_KINDS:
        notices_schedule(
            establishment_id=event.establishment_id, moments=[(pupil.pk, event.starts_at)]
        )
    return event


@transaction.atomic
def event_update(
    *,
    role: SchoolRole,
    actor: User,
    event: Event,
    data: dict[str, Any],
    ip_address: str | None = None,
) -> Event:
    """Edits an event of the establishment (vie scolaire and direction only)."""
    if not role.manages_vie_scolaire or role.establishment_id != event.establishment_id:
        raise PermissionDenied
    old_status = event.status
    new_status = data.get("status") or old_status
    if (
        event.kind == Event.Kind.ABSENCE
        and new_status != old_status
        and new_status not in TRANSITIONS.get(Event.State(old_status), set())
    ):
        raise ValidationError(
            {
                "status": str(texts.STATE_NOT_ALLOWED).format(
                    old=Event.State(old_status).label, new=Event.State(new_status).label
                )
            }
        )
    changed = _apply(event, data)
    event.updated_at = timezone.now()
    event.school_year = check_in_school_year(
        timezone.localtime(event.starts_at).date(), field="starts_at"
    )
    event.full_clean(exclude=["recorded_by", "roll_call", "pupil", "establishment"])
    event.save()
    family_versions_bump([event.pupil_id])
    audit_record(
        action=AuditAction.VIE_SCOLAIRE_EVENT_CHANGED,
        actor=actor,
        target=event,
        establishment=Establishment(pk=event.establishment_id),
        details={"fields": changed, "status": [old_status, event.status]},
        ip_address=ip_address,
    )
    return event
