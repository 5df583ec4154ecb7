"""The appel: a teacher marks who is absent or late in one of their classes or groups, for one
time slot. One transaction; taking the same slot again edits the appel and its events (a pupil
marked present again loses the absence the first call created), never duplicates them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, TeachingService, User
from accounts.school import SchoolRole

from .. import messages as texts
from ..cache import family_versions_bump
from ..models import Event, Justification, RollCall
from ..selectors import roll_call_pupils
from .common import aware, check_in_school_year, span_counts
from .notices import notices_schedule

PRESENT, ABSENT, LATE = "present", "absent", "retard"


@dataclass(frozen=True)
class Mark:
    status: str = PRESENT
    minutes: int = 0


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _service_taught(role: SchoolRole, service_id: int) -> TeachingService:
    service = (
        TeachingService.objects.active()
        .filter(
            pk=service_id,
            establishment_id=role.establishment_id,
            teacher_id=role.staff_id,
        )
        .select_related("division", "group")
        .first()
    )
    if service is None or service.pk not in role.service_ids:
        raise ValidationError(texts.NOT_TAUGHT, code="not_taught")
    return service


def _slot_roll_call(
    service: TeachingService, day: datetime.date, starts_at: datetime.time
) -> tuple[RollCall | None, bool]:
    found = (
        RollCall.objects.select_for_update()
        .filter(service=service, day=day, starts_at=starts_at)
        .first()
    )
    return found, found is not None


@transaction.atomic
def roll_call_take(
    *,
    role: SchoolRole,
    actor: User,
    service_id: int,
    day: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    marks: dict[int, Mark],
    ip_address: str | None = None,
) -> RollCall:
    """Records the appel of ``service_id`` on ``day`` at ``starts_at``: ``marks`` holds the pupils
    absent or late (everybody else is present). A constant number of queries whatever the size
    of the class."""
    service = _service_taught(role, service_id)
    school_year = check_in_school_year(day)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": texts.SLOT_END_BEFORE_START})
    pupils = roll_call_pupils(service)
    by_id = {pupil.pk: pupil for pupil in pupils}
    if set(marks) - set(by_id):
        raise ValidationError(texts.UNKNOWN_PUPIL_IN_ROLL_CALL, code="unknown_pupil")
    for pupil_id, mark in marks.items():
        if mark.status == LATE and mark.minutes <= 0:
            raise ValidationError(
                str(texts.LATE_MINUTES_REQUIRED).format(name=by_id[pupil_id].first_name)
            )
    now = timezone.now()
    roll_call, existed = _slot_roll_call(service, day, starts_at)
    if roll_call is None:
        try:
            with transaction.atomic():
                roll_call = RollCall.objects.create(
                    establishment_id=service.establishment_id,
                    service=service,
                    teacher_id=service.teacher_id,
                    school_year=school_year,
                    day=day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    pupil_count=len(pupils),
                    taken_at=now,
                    updated_at=now,
                )
        except IntegrityError:  # the same slot saved from another tab a moment ago
            roll_call, existed = _slot_roll_call(service, day, starts_at)
            assert roll_call is not None
    start, end = aware(day, starts_at), aware(day, ends_at)
    half_days, hours = span_counts(start, end)
    existing = {event.pupil_id: event for event in Event.objects.filter(roll_call=roll_call)}
    created: list[Event] = []
    changed: list[Event] = []
    removed: list[int] = []
    for pupil in pupils:
        mark = marks.get(pupil.pk, Mark())
        event = existing.get(pupil.pk)
        kind = {ABSENT: Event.Kind.ABSENCE, LATE: Event.Kind.RETARD}.get(mark.status)
        if kind is None or (event is not None and event.kind != kind):
            if event is not None:
                removed.append(event.pk)
                event = None
            if kind is None:
                continue
        if event is None:
            event = Event(
                establishment_id=service.establishment_id,
                pupil_id=pupil.pk,
                kind=kind,
                school_year=school_year,
                roll_call=roll_call,
                recorded_by=actor,
                given_by_id=role.staff_id,
                created_at=now,
            )
            created.append(event)
        else:
            changed.append(event)
        event.starts_at, event.updated_at = start, now
        if kind == Event.Kind.ABSENCE:
            event.ends_at, event.half_days, event.hours = end, half_days, hours
            event.status = event.status or Event.State.UNEXPLAINED
        else:
            event.minutes = mark.minutes
        event.clean()
    if removed:
        # A pupil present after all: the absence goes, with any justification and its document.
        documents = list(
            Justification.objects.filter(event_id__in=removed)
            .exclude(document="")
            .values_list("document", flat=True)
        )
        Event.objects.filter(pk__in=removed).delete()
        if documents:
            transaction.on_commit(partial(_delete_files, documents))
    if created:
        Event.objects.bulk_create(created)
    if changed:
        Event.objects.bulk_update(
            changed, ["starts_at", "ends_at", "half_days", "hours", "minutes", "updated_at"]
        )
    if existed:
        roll_call.ends_at, roll_call.updated_at, roll_call.pupil_count = ends_at, now, len(pupils)
        roll_call.save(update_fields=["ends_at", "updated_at", "pupil_count"])
    audit_record(
        action=AuditAction.VIE_SCOLAIRE_ROLL_CALL,
        actor=actor,
        target=roll_call,
        establishment=Establishment(pk=service.establishment_id),
        details={
            "service": service.pk,
            "again": existed,
            "absents": sorted(p for p, m in marks.items() if m.status == ABSENT),
            "retards": {str(p): m.minutes for p, m in marks.items() if m.status == LATE},
            "created": len(created),
            "changed": len(changed),
            "removed": len(removed),
        },
        ip_address=ip_address,
    )
    notices_schedule(
        establishment_id=service.establishment_id,
        moments=[(event.pupil_id, start) for event in created],
    )
    family_versions_bump(
        [e.pupil_id for e in created + changed]
        + [p for p, e in existing.items() if e.pk in removed]
    )
    return roll_call
