"""What the writes share: who may write on a service, the audit record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, TeachingService, User
from accounts.school import SchoolRole

from .. import messages as texts


def check_teaches(role: SchoolRole, service: TeachingService) -> None:
    """Only the service's own teacher writes its devoirs and marks (the direction reads)."""
    if not (
        service.active
        and service.pk in role.service_ids
        and service.teacher_id == role.staff_id
        and role.staff_id is not None
    ):
        raise ValidationError(texts.NOT_YOUR_CLASS, code="not_your_class")


def audit(action: AuditAction, actor: User, target: Any, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=target,
        # An unsaved instance is enough for the foreign key: no query.
        establishment=Establishment(pk=target.establishment_id),
        details=details or None,
    )
