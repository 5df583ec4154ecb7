"""The direction's visa."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, Subject, User
from accounts.school import SchoolRole

from .. import messages as texts
from .. import versions
from ..models import Visa
from .common import (
    check_in_year,
)

# --- visa --------------------------------------------------------------------------------------


@transaction.atomic
def visa_give(
    *,
    actor: User,
    role: SchoolRole,
    establishment: Establishment,
    division_id: int | None,
    group_id: int | None,
    subject: Subject,
    up_to: datetime.date,
) -> Visa:
    if not role.is_direction or role.establishment_id != establishment.pk:
        raise ValidationError(texts.VISA_DIRECTION_ONLY, code="direction_only")
    check_in_year(up_to, establishment, "up_to")
    if up_to > timezone.localdate():
        raise ValidationError({"up_to": texts.VISA_IN_FUTURE}, code="future")
    assert role.staff_id is not None
    visa = Visa(
        establishment=establishment,
        division_id=division_id,
        group_id=group_id,
        subject=subject,
        up_to=up_to,
        given_by_id=role.staff_id,
    )
    visa.full_clean()
    visa.save()
    audit_record(
        action=AuditAction.CAHIER_VISA_GIVEN,
        actor=actor,
        target=visa,
        establishment=establishment,
        details={"division": division_id, "group": group_id, "subject": subject.pk},
    )
    versions.school_changed(establishment.pk)
    return visa
