"""A paired device's life after its pairing: renamed, used (``device_touch``), and ended — from
"Mes appareils", by logging out on the device itself, or with every session of the account
(password changed or reset, "Se déconnecter de partout", account reset or closed: the lifecycle's
``account_sessions_ended`` signal)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import User

from .. import messages
from ..models import Device
from .pairing import pairings_cancel

# The key of a device session: the id of its ``Device`` (devices.middleware checks it).
SESSION_DEVICE_KEY = "devices_device_id"

# Why every session of an account ended → what "Mes appareils" says of its devices.
REASONS = {
    AuditAction.PASSWORD_CHANGED: Device.EndReason.PASSWORD,
    AuditAction.PASSWORD_RESET: Device.EndReason.PASSWORD,
    AuditAction.ADMIN_ACCOUNT_PASSWORD: Device.EndReason.PASSWORD,
    AuditAction.SESSIONS_REVOKED: Device.EndReason.EVERYWHERE,
}


@transaction.atomic
def device_rename(*, account: User, device_id: int, name: str) -> Device:
    device = Device.objects.select_for_update().filter(pk=device_id, user=account).live().first()
    if device is None:
        raise Device.DoesNotExist
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": messages.NAME_REQUIRED})
    device.name = name
    device.full_clean()
    device.save(update_fields=["name"])
    return device


@transaction.atomic
def device_revoke(
    *,
    account: User,
    device_id: int,
    reason: Device.EndReason = Device.EndReason.USER,
    ip: str | None = None,
) -> Device | None:
    """Ends one device of ``account``: its session is refused from its next request on.
    ``None`` when the account has no such device still connected (nothing written)."""
    device = (
        Device.objects.select_for_update()
        .filter(pk=device_id, user=account, revoked_at__isnull=True)
        .first()
    )
    if device is None:
        return None
    device.revoked_at = timezone.now()
    device.revoked_reason = reason
    device.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        action=AuditAction.DEVICE_REVOKED,
        actor=account,
        target=device,
        establishment=account.establishment,
        details={"name": device.name, "reason": reason.value},
        ip_address=ip,
    )
    return device


@transaction.atomic
def devices_revoke_all(
    *,
    accounts: Sequence[User],
    reason: AuditAction,
    actor: User | None = None,
    ip: str | None = None,
) -> int:
    """Every device of these accounts ends, and their pairings under way are cancelled. One
    audit record per account that had connected devices. Returns how many devices ended."""
    by_id = {account.pk: account for account in accounts}
    if not by_id:
        return 0
    now = timezone.now()
    pairings_cancel(account_ids=list(by_id), now=now)
    live = list(
        Device.objects.filter(user_id__in=list(by_id), revoked_at__isnull=True).values_list(
            "pk", "user_id", "name"
        )
    )
    if not live:
        return 0
    end = REASONS.get(reason, Device.EndReason.ACCOUNT)
    Device.objects.filter(pk__in=[pk for pk, _, _ in live]).update(
        revoked_at=now, revoked_reason=end
    )
    names: dict[int, list[str]] = defaultdict(list)
    for _, user_id, name in live:
        names[user_id].append(name)
    for user_id, devices in names.items():
        account = by_id[user_id]
        audit_record(
            action=AuditAction.DEVICES_REVOKED,
            actor=actor,
            target=account,
            establishment=account.establishment,
            details={"devices": devices, "reason": reason.value},
            ip_address=ip,
        )
    return len(live)


def devices_revoke_on_sessions_end(
    sender: object,
    *,
    accounts: Sequence[User],
    reason: AuditAction,
    actor: User | None = None,
    ip: str | None = None,
    **kwargs: Any,
) -> None:
    """Receiver of ``accounts.lifecycle.account_sessions_ended``: the sessions of these accounts
    are dead, their devices end with them."""
    devices_revoke_all(accounts=accounts, reason=reason, actor=actor, ip=ip)


def device_revoke_on_logout(sender: object, *, request: Any, user: Any, **kwargs: Any) -> None:
    """Receiver of Django's ``user_logged_out``: logging out on a paired phone ends its pairing
    (the row would otherwise stay listed while no session can use it)."""
    session = getattr(request, "session", None)
    device_id = session.get(SESSION_DEVICE_KEY) if session is not None else None
    if device_id is None or user is None or not user.is_authenticated:
        return
    device_revoke(account=user, device_id=int(device_id), reason=Device.EndReason.LOGOUT)


def device_touch(*, device_id: int, now: datetime.datetime) -> None:
    """The device was used now ("last use" in Mes appareils; its idle delay starts again)."""
    Device.objects.filter(pk=device_id, revoked_at__isnull=True).update(last_used_at=now)
