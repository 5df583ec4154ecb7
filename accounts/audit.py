"""The one place that writes the audit trail (``AuditAction``: accounts/models/audit.py)."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditAction, AuditEvent, Establishment, User

__all__ = ["AuditAction", "audit_record"]


def audit_record(
    *,
    action: AuditAction,
    actor: User | None = None,
    target: models.Model | None = None,
    establishment: Establishment | None = None,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    if not isinstance(action, AuditAction):
        raise TypeError(f"Action d'audit inconnue : {action!r} (ajoutez-la à AuditAction).")
    return AuditEvent.objects.create(
        action=action.value,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.username if actor is not None else "système",
        establishment=establishment,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        details=details or {},
        ip_address=ip_address,
    )
