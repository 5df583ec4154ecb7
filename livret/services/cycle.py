"""Writes of the bilan de fin de cycle: the direction's positions on the 8 components of the
socle and the synthesis, then the lock (read-only for everyone from then on, checked under a row
lock). Each write records its audit line and moves the pupil's LIVRET version after the
commit."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.models import Pupil, StaffMember, User
from accounts.school import SchoolRole
from evaluations.socle import COMPONENTS

from .. import messages as texts
from ..models import COMPLEMENT_CHOICES, CYCLE_OF_LEVEL, SYNTHESIS_MAX, CycleBilan
from ..versions import livret_changed
from .bilans import _audit, _check_direction, _locker_name

COMPLEMENT_CODES = {code for code, _ in COMPLEMENT_CHOICES}


def cycle_of(pupil: Pupil) -> int:
    """The cycle whose end the pupil's class is (3 in 6e, 4 in 3e); ``ValidationError``
    otherwise."""
    level = pupil.division.level if pupil.division else ""
    if level not in CYCLE_OF_LEVEL:
        raise ValidationError(texts.NO_CYCLE_END, code="no_cycle_end")
    return CYCLE_OF_LEVEL[level]


def cycle_errors(
    components: Mapping[str, str],
    synthesis: str,
    *,
    cycle: int = 4,
    complement: str = "",
    complement_level: str = "",
) -> dict[str, str]:
    errors = {}
    code, level = complement.strip(), complement_level.strip()
    if cycle != 4 and (code or level):
        errors["complement"] = texts.COMPLEMENT_CYCLE_4_ONLY
    elif code and code not in COMPLEMENT_CODES:
        errors["complement"] = texts.COMPLEMENT_UNKNOWN
    elif level and level not in {"1", "2"}:
        errors["complement_level"] = texts.COMPLEMENT_LEVEL_INVALID
    elif level and code in {"", "AUC"}:
        errors["complement_level"] = texts.COMPLEMENT_LEVEL_WITHOUT
    for code, value in components.items():
        if code not in COMPONENTS:
            errors["components"] = texts.CYCLE_COMPONENT_UNKNOWN
        elif value.strip() not in {"", "0", "1", "2", "3", "4"}:
            errors[f"comp_{code}"] = texts.CYCLE_POSITION_INVALID
    if len(synthesis.strip()) > SYNTHESIS_MAX:
        errors["synthesis"] = texts.SYNTHESIS_TOO_LONG.format(length=len(synthesis.strip()))
    return errors


def _principals(pupil: Pupil) -> list[dict[str, str]]:
    """The professeurs principaux of the pupil's class (STS), as the bilan keeps them."""
    if pupil.division_id is None:
        return []
    return [
        {
            "sts_id": person.sts_id,
            "civility": person.civility,
            "first_name": person.first_name,
            "last_name": person.last_name,
        }
        for person in StaffMember.objects.filter(
            establishment_id=pupil.establishment_id,
            main_divisions=pupil.division_id,
            left_on__isnull=True,
        )
        .only("sts_id", "civility", "first_name", "last_name")
        .order_by("last_name", "first_name", "pk")
    ]


def _cycle_bilan_for_update(pupil: Pupil, cycle: int) -> CycleBilan:
    found = CycleBilan.objects.select_for_update().filter(pupil=pupil, cycle=cycle).first()
    if found is None:
        found = CycleBilan.objects.create(
            establishment_id=pupil.establishment_id,
            pupil=pupil,
            cycle=cycle,
            school_year=pupil.establishment.school_year,
            division_code=pupil.division.code if pupil.division else "",
        )
    if found.is_locked:
        raise ValidationError(texts.CYCLE_LOCKED, code="locked")
    return found


@transaction.atomic
def cycle_bilan_save(
    *,
    actor: User,
    role: SchoolRole,
    pupil: Pupil,
    components: Mapping[str, str],
    synthesis: str,
    complement: str = "",
    complement_level: str = "",
) -> CycleBilan:
    """The direction's bilan de fin de cycle: a position (0 to 4, or none yet) per component of
    the socle, the synthesis and, in cycle 4, the enseignement de complément (with its
    objectifs atteints or dépassés). Refused whole on a wrong value, a pupil outside 6e or 3e,
    or a locked bilan."""
    _check_direction(role, pupil)
    cycle = cycle_of(pupil)
    errors = cycle_errors(
        components,
        synthesis,
        cycle=cycle,
        complement=complement,
        complement_level=complement_level,
    )
    if errors:
        raise ValidationError(errors)
    found = _cycle_bilan_for_update(pupil, cycle)
    found.components = {
        code: int(components[code]) for code in COMPONENTS if components.get(code, "").strip() != ""
    }
    found.synthesis = synthesis.strip()
    found.complement = complement.strip()
    found.complement_level = int(complement_level) if complement_level.strip() else None
    found.school_year = pupil.establishment.school_year
    found.division_code = pupil.division.code if pupil.division else ""
    found.updated_at = timezone.now()
    found.full_clean()
    found.save(
        update_fields=[
            "components",
            "synthesis",
            "complement",
            "complement_level",
            "school_year",
            "division_code",
            "updated_at",
        ]
    )
    _audit(AuditAction.LIVRET_CYCLE_SAVED, actor, found, pupil=pupil.pk, cycle=cycle)
    livret_changed([pupil.pk])
    return found


@transaction.atomic
def cycle_bilan_lock(*, actor: User, role: SchoolRole, pupil: Pupil) -> CycleBilan:
    """Locks the bilan de fin de cycle: the 8 components placed and the synthesis written, it is
    read-only from then on and the family sees it in LIVRET."""
    _check_direction(role, pupil)
    found = _cycle_bilan_for_update(pupil, cycle_of(pupil))
    missing = [code for code in COMPONENTS if code not in found.components]
    if missing:
        raise ValidationError(
            texts.CYCLE_LOCK_NEEDS_ALL.format(missing=len(missing)), code="incomplete"
        )
    if not found.synthesis.strip():
        raise ValidationError(texts.CYCLE_LOCK_NEEDS_SYNTHESIS, code="no_synthesis")
    if found.complement not in {"", "AUC"} and found.complement_level is None:
        raise ValidationError(texts.COMPLEMENT_LOCK_NEEDS_LEVEL, code="no_complement_level")
    found.principals = _principals(pupil)
    now = timezone.now()
    found.locked_at = now
    found.locked_by = actor
    found.locked_by_name = _locker_name(role, actor)
    found.updated_at = now
    found.save(
        update_fields=["principals", "locked_at", "locked_by", "locked_by_name", "updated_at"]
    )
    _audit(AuditAction.LIVRET_CYCLE_LOCKED, actor, found, pupil=pupil.pk, cycle=found.cycle)
    livret_changed([pupil.pk])
    return found
