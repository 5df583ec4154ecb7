"""Writes of the livret scolaire: a teacher's part of a class's bilans (one transaction for the
whole class, nothing written when one row is wrong), the direction's general part and the lock.
A locked bilan is read-only for everyone: every write checks it under a row lock. Each write
records its audit line and moves the pupils' LIVRET version after the commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, Pupil, StaffMember, TeachingService, User
from accounts.school import SchoolRole
from evaluations.models import Period

from .. import messages as texts
from ..compute import pupil_services, services_averages, vie_scolaire_counters
from ..models import (
    ACCOMPANIMENT_CHOICES,
    APPRECIATION_MAX,
    GENERAL_APPRECIATION_MAX,
    PARCOURS_CHOICES,
    PARCOURS_TEXT_MAX,
    PROGRAMME_LINE_MAX,
    Bilan,
    BilanSubject,
)
from ..versions import livret_changed

PROGRAMME_MAX = 2000
ACCOMPANIMENT_CODES = {code for code, _ in ACCOMPANIMENT_CHOICES}
PARCOURS_LABELS = dict(PARCOURS_CHOICES)


@dataclass(frozen=True)
class RowInput:
    """One pupil's row of the teacher's form, as typed."""

    pupil_id: int
    programme: str
    positionnement: str
    appreciation: str


def _audit(action: AuditAction, actor: User, target: Any, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=target,
        establishment=Establishment(pk=target.establishment_id),
        details=details or None,
    )


def row_error(row: RowInput, name: str) -> str:
    """The French message of a wrong row, or ``""``."""
    appreciation = row.appreciation.strip()
    if len(appreciation) > APPRECIATION_MAX:
        return texts.APPRECIATION_TOO_LONG.format(name=name, length=len(appreciation))
    value = row.positionnement.strip()
    if value and value not in {"1", "2", "3", "4"}:
        return texts.POSITIONNEMENT_INVALID.format(name=name)
    if len(row.programme) > PROGRAMME_MAX:
        return texts.PROGRAMME_TOO_LONG.format(name=name)
    if any(len(line.strip()) > PROGRAMME_LINE_MAX for line in row.programme.splitlines()):
        return texts.PROGRAMME_LINE_TOO_LONG.format(name=name)
    return ""


def _period_count(period: Period) -> int:
    return Period.objects.filter(
        establishment_id=period.establishment_id,
        school_year=period.school_year,
        kind=period.kind,
    ).count()


def _new_bilan(pupil_id: int, period: Period, count: int) -> Bilan:
    return Bilan(
        establishment_id=period.establishment_id,
        pupil_id=pupil_id,
        period=period,
        school_year=period.school_year,
        period_label=str(period),
        period_number=period.number,
        period_count=max(count, period.number),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        council_on=period.council_on,
    )


# What a subject line keeps of its teaching service (``_snapshot``).
SNAPSHOT_FIELDS = ["subject_code", "subject_label", "teacher_sts_id", "teacher_name"]


def _snapshot(line: BilanSubject, service: TeachingService) -> None:
    line.subject_code = service.subject.code
    line.subject_label = service.subject.label[:80]
    line.teacher_sts_id = service.teacher.sts_id
    line.teacher_name = f"{service.teacher.first_name} {service.teacher.last_name}"[:200]


@transaction.atomic
def subject_sheet_save(
    *,
    actor: User,
    role: SchoolRole,
    service: TeachingService,
    period: Period,
    rows: Sequence[RowInput],
    pupil_names: Mapping[int, str],
) -> int:
    """Writes the teacher's subject part of the bilans of the class (``pupil_names``: the class's
    pupils). Refused whole, nothing written, when a row is wrong (``ValidationError`` keyed by
    pupil id), names a pupil outside the class, or a locked bilan. Returns the rows written."""
    if not (
        service.active and service.pk in role.service_ids and service.teacher_id == role.staff_id
    ):
        raise ValidationError(texts.NOT_YOUR_CLASS, code="not_your_class")
    if any(row.pupil_id not in pupil_names for row in rows):
        raise ValidationError(texts.PUPIL_NOT_IN_CLASS, code="not_in_class")
    errors = {
        str(row.pupil_id): message
        for row in rows
        if (message := row_error(row, pupil_names[row.pupil_id]))
    }
    pupil_ids = [row.pupil_id for row in rows]
    bilans = {
        b.pupil_id: b
        for b in Bilan.objects.select_for_update().filter(period=period, pupil_id__in=pupil_ids)
    }
    for row in rows:
        bilan = bilans.get(row.pupil_id)
        if bilan is not None and bilan.is_locked:
            errors[str(row.pupil_id)] = texts.LOCKED_PUPIL.format(name=pupil_names[row.pupil_id])
    if errors:
        raise ValidationError(errors)
    missing = [pk for pk in pupil_ids if pk not in bilans]
    if missing:
        count = _period_count(period)
        for bilan in Bilan.objects.bulk_create(_new_bilan(pk, period, count) for pk in missing):
            bilans[bilan.pupil_id] = bilan
    existing = {
        line.bilan_id: line
        for line in BilanSubject.objects.select_for_update().filter(
            bilan__in=list(bilans.values()), service=service
        )
    }
    now = timezone.now()
    created, changed = [], []
    for row in rows:
        bilan = bilans[row.pupil_id]
        line = existing.get(bilan.pk)
        if line is None:
            line = BilanSubject(bilan=bilan, service=service)
            created.append(line)
        else:
            changed.append(line)
        _snapshot(line, service)
        line.programme = "\n".join(
            text.strip() for text in row.programme.splitlines() if text.strip()
        )
        line.positionnement = int(row.positionnement) if row.positionnement.strip() else None
        line.appreciation = row.appreciation.strip()
        line.updated_at = now
    BilanSubject.objects.bulk_create(created)
    BilanSubject.objects.bulk_update(
        changed,
        [*SNAPSHOT_FIELDS, "programme", "positionnement", "appreciation", "updated_at"],
    )
    _audit(
        AuditAction.LIVRET_SUBJECT_SAVED,
        actor,
        service,
        period=period.pk,
        pupils=len(rows),
    )
    livret_changed(pupil_ids)
    return len(rows)


def _check_direction(role: SchoolRole, pupil: Pupil) -> None:
    if not role.is_direction or pupil.establishment_id != role.establishment_id:
        raise ValidationError(texts.DIRECTION_ONLY, code="direction_only")


def _bilan_for_update(pupil: Pupil, period: Period) -> Bilan:
    bilan = Bilan.objects.select_for_update().filter(pupil=pupil, period=period).first()
    if bilan is None:
        bilan = _new_bilan(pupil.pk, period, _period_count(period))
        bilan.save()
    if bilan.is_locked:
        raise ValidationError(texts.LOCKED, code="locked")
    return bilan


def general_errors(
    appreciation: str, parcours: Mapping[str, str], accompaniments: Sequence[str]
) -> dict[str, str]:
    errors = {}
    if len(appreciation.strip()) > GENERAL_APPRECIATION_MAX:
        errors["general_appreciation"] = texts.GENERAL_TOO_LONG.format(
            length=len(appreciation.strip())
        )
    for code, text in parcours.items():
        if code not in PARCOURS_LABELS:
            errors[f"parcours_{code}"] = texts.ACCOMPANIMENT_UNKNOWN
        elif len(text.strip()) > PARCOURS_TEXT_MAX:
            errors[f"parcours_{code}"] = texts.PARCOURS_TOO_LONG.format(
                label=PARCOURS_LABELS[code].lower()
            )
    if any(code not in ACCOMPANIMENT_CODES for code in accompaniments):
        errors["accompaniments"] = texts.ACCOMPANIMENT_UNKNOWN
    return errors


@transaction.atomic
def bilan_general_save(
    *,
    actor: User,
    role: SchoolRole,
    pupil: Pupil,
    period: Period,
    appreciation: str,
    parcours: Mapping[str, str],
    accompaniments: Sequence[str],
) -> Bilan:
    """The direction's part: the general appreciation, the parcours éducatifs (a text per
    parcours followed), the accompaniment measures. Refused on a locked bilan."""
    _check_direction(role, pupil)
    errors = general_errors(appreciation, parcours, accompaniments)
    if errors:
        raise ValidationError(errors)
    bilan = _bilan_for_update(pupil, period)
    bilan.general_appreciation = appreciation.strip()
    bilan.parcours = {code: text.strip() for code, text in parcours.items() if text.strip()}
    bilan.accompaniments = [code for code, _ in ACCOMPANIMENT_CHOICES if code in accompaniments]
    bilan.updated_at = timezone.now()
    bilan.full_clean()
    bilan.save(update_fields=["general_appreciation", "parcours", "accompaniments", "updated_at"])
    _audit(AuditAction.LIVRET_GENERAL_SAVED, actor, bilan, pupil=pupil.pk, period=period.pk)
    livret_changed([pupil.pk])
    return bilan


def _locker_name(role: SchoolRole, actor: User) -> str:
    staff = (
        StaffMember.objects.filter(pk=role.staff_id).only("first_name", "last_name").first()
        if role.staff_id is not None
        else None
    )
    if staff is not None:
        return f"{staff.first_name} {staff.last_name}"[:100]
    return (actor.get_full_name() or "Le chef d'établissement")[:100]


@transaction.atomic
def bilan_lock(*, actor: User, role: SchoolRole, pupil: Pupil, period: Period) -> Bilan:
    """Locks the bilan after the conseil de classe: freezes every subject of the pupil (with the
    averages computed now), the vie scolaire counters, the class and the period's dates. From
    then on the bilan is read-only for everyone and the family sees it in LIVRET."""
    _check_direction(role, pupil)
    bilan = _bilan_for_update(pupil, period)
    if period.council_on is None:
        raise ValidationError(texts.LOCK_NEEDS_COUNCIL, code="no_council")
    if not bilan.general_appreciation.strip():
        raise ValidationError(texts.LOCK_NEEDS_GENERAL, code="no_general")
    services = list(pupil_services(pupil))
    if not services:
        raise ValidationError(texts.LOCK_NEEDS_SUBJECT, code="no_subject")
    computed = services_averages(services, period, pupil.establishment_id)
    existing = {line.service_id: line for line in bilan.lines.select_for_update()}
    created, changed = [], []
    for service in services:
        line = existing.get(service.pk)
        if line is None:
            line = BilanSubject(bilan=bilan, service=service)
            created.append(line)
        else:
            changed.append(line)
        _snapshot(line, service)
        found = computed.get(service.pk)
        line.average = found.pupils.get(pupil.pk) if found else None
        line.class_average = found.class_average if found else None
    BilanSubject.objects.bulk_create(created)
    BilanSubject.objects.bulk_update(
        changed,
        [*SNAPSHOT_FIELDS, "average", "class_average"],
    )
    counters = vie_scolaire_counters([pupil.pk], period.starts_on, period.ends_on).get(pupil.pk)
    bilan.retards = counters.retards if counters else 0
    bilan.half_days_justified = counters.half_days_justified if counters else 0
    bilan.half_days_unjustified = counters.half_days_unjustified if counters else 0
    bilan.hours_missed = counters.hours_missed if counters else 0
    bilan.division_code = pupil.division.code if pupil.division else ""
    bilan.period_label = str(period)
    bilan.starts_on, bilan.ends_on, bilan.council_on = (
        period.starts_on,
        period.ends_on,
        period.council_on,
    )
    now = timezone.now()
    bilan.locked_at = now
    bilan.locked_by = actor
    bilan.locked_by_name = _locker_name(role, actor)
    bilan.updated_at = now
    bilan.save()
    _audit(AuditAction.LIVRET_BILAN_LOCKED, actor, bilan, pupil=pupil.pk, period=period.pk)
    livret_changed([pupil.pk])
    return bilan
