"""Pairing a phone: the computer asks for a QR code (``device_pairing_start``), the phone opens its
link and types the code (``device_pairing_redeem``), and a ``Device`` is born.

The link's token and the code are kept as digests only (``devices.tokens``). A pairing serves
once, lives 10 minutes and dies at the third wrong code; code tries are also limited per client
address (``core.ratelimit``).
"""

from __future__ import annotations

import datetime
import enum
import hmac
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import User
from core import ratelimit
from core.tokens import token_digest

from .. import conf
from ..models import Device, DevicePairing
from ..selectors import account_may_log_in
from ..tokens import (
    pairing_code_digest,
    pairing_code_normalise,
    pairing_token_new,
    pairing_token_normalise,
)
from ..user_agents import device_name


@dataclass(frozen=True)
class PairingStarted:
    pairing: DevicePairing
    token: str  # shown once, in the QR code and the link; never stored


@transaction.atomic
def device_pairing_start(*, account: User, code: str, ip: str | None = None) -> PairingStarted:
    """A new pairing for ``account`` with the code it chose; the previous pending one is
    cancelled (one QR code at a time). ``RateLimited`` past the hourly limit, nothing written."""
    code = pairing_code_normalise(code)
    ratelimit.check(
        [
            (
                "device-pairing-account",
                str(account.pk),
                "device_pairing_per_account_hour",
                ratelimit.HOUR,
            )
        ]
    )
    now = timezone.now()
    pairings_cancel(account_ids=[account.pk], now=now)
    token = pairing_token_new()
    pairing = DevicePairing(
        user=account,
        token_hash=token_digest(token),
        code_hash=pairing_code_digest(token=token, code=code),
        created_at=now,
        expires_at=now + conf.PAIRING_LIFETIME,
    )
    pairing.full_clean()
    pairing.save()
    audit_record(
        action=AuditAction.DEVICE_PAIRING_STARTED,
        actor=account,
        target=account,
        establishment=account.establishment,
        details={"pairing": pairing.pk, "expires_at": pairing.expires_at.isoformat()},
        ip_address=ip,
    )
    return PairingStarted(pairing=pairing, token=token)


def pairings_cancel(*, account_ids: list[int], now: datetime.datetime | None = None) -> int:
    """Cancels the pending pairings of these accounts (a new one, a password change…)."""
    now = now or timezone.now()
    return DevicePairing.objects.filter(
        user_id__in=account_ids,
        used_at__isnull=True,
        failed_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=now,
    ).update(cancelled_at=now)


class Outcome(enum.Enum):
    PAIRED = "paired"
    WRONG_CODE = "wrong_code"  # tries left
    REFUSED = "refused"  # that was the last try: the link is dead
    INVALID = "invalid"  # unknown, expired, used, cancelled, dead, or the account cannot log in


@dataclass(frozen=True)
class PairingResult:
    outcome: Outcome
    device: Device | None = None
    tries_left: int = 0


@transaction.atomic
def device_pairing_redeem(
    *, token: str, code: str, user_agent: str = "", ip: str | None = None
) -> PairingResult:
    """The phone's code for the link's pairing. A wrong code is counted (the third kills the
    link); the right one creates the device. ``RateLimited`` past the per-address limit, before
    the code is looked at (no try counted)."""
    if ip is not None and not ratelimit.allowed(
        "device-code-ip", ip, "device_code_per_ip_hour", ratelimit.HOUR
    ):
        raise ratelimit.RateLimited
    token = pairing_token_normalise(token)
    now = timezone.now()
    pairing = (
        DevicePairing.objects.select_for_update()
        .filter(token_hash=token_digest(token))
        .select_related("user")
        .first()
    )
    if pairing is None or not pairing.is_pending(now) or not account_may_log_in(pairing.user):
        return PairingResult(Outcome.INVALID)
    account = pairing.user
    try:
        expected = pairing_code_digest(token=token, code=pairing_code_normalise(code))
    except ValidationError:
        expected = ""
    if not hmac.compare_digest(pairing.code_hash, expected):
        pairing.attempts += 1
        if pairing.attempts < conf.PAIRING_MAX_ATTEMPTS:
            pairing.save(update_fields=["attempts"])
            return PairingResult(
                Outcome.WRONG_CODE, tries_left=conf.PAIRING_MAX_ATTEMPTS - pairing.attempts
            )
        pairing.failed_at = now
        pairing.save(update_fields=["attempts", "failed_at"])
        audit_record(
            action=AuditAction.DEVICE_PAIRING_FAILED,
            actor=None,
            target=account,
            establishment=account.establishment,
            details={"pairing": pairing.pk, "attempts": pairing.attempts},
            ip_address=ip,
        )
        return PairingResult(Outcome.REFUSED)
    device = Device(user=account, name=device_name(user_agent), paired_at=now, last_used_at=now)
    device.full_clean()
    device.save()
    pairing.used_at = now
    pairing.device = device
    pairing.save(update_fields=["used_at", "device"])
    audit_record(
        action=AuditAction.DEVICE_PAIRED,
        actor=account,
        target=device,
        establishment=account.establishment,
        details={"pairing": pairing.pk, "name": device.name},
        ip_address=ip,
    )
    return PairingResult(Outcome.PAIRED, device=device)
