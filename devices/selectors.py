"""Reads of the paired devices: the account's own only, each in one query."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from accounts.lifecycle import LOGIN_STATES
from accounts.models import User
from core.tokens import token_digest

from . import conf
from .models import Device, DevicePairing
from .tokens import pairing_token_normalise


@dataclass(frozen=True)
class AccountDevices:
    connected: list[Device]
    recently_ended: list[Device]  # ended in the last 30 days, with why


def devices_of_account(*, user: User, now: datetime.datetime | None = None) -> AccountDevices:
    """ "Mes appareils": the connected devices (newest pairing first) and those ended lately.
    One query whatever the number of devices (the sweep erases them 30 days after their end)."""
    now = now or timezone.now()
    since = now - conf.ENDED_DEVICE_KEPT
    rows = list(Device.objects.filter(user=user).order_by("-paired_at", "-pk"))
    connected = [device for device in rows if device.is_live(now)]
    ended = [d for d in rows if not d.is_live(now) and since < d.ended_at() <= now]
    return AccountDevices(connected=connected, recently_ended=ended)


def device_of_account(*, user: User, device_id: int) -> Device:
    """One connected device of the account; 404 for anyone else's, or an ended one."""
    device = Device.objects.filter(pk=device_id, user=user).live().first()
    if device is None:
        raise Http404("Aucun appareil connecté de ce compte ne porte cet identifiant.")
    return device


def account_may_log_in(account: User) -> bool:
    return account.is_active and account.state in LOGIN_STATES


def pairing_pending(*, token: str) -> DevicePairing | None:
    """The pairing a link opens, if it can still be used (one query, with its account)."""
    pairing = (
        DevicePairing.objects.select_related("user")
        .filter(token_hash=token_digest(pairing_token_normalise(token)))
        .first()
    )
    if pairing is None or not pairing.is_pending(timezone.now()):
        return None
    return pairing if account_may_log_in(pairing.user) else None


class PairingState(enum.Enum):
    WAITING = "waiting"  # the QR code can still be scanned
    PAIRED = "paired"
    ENDED = "ended"  # expired, cancelled, or three wrong codes


@dataclass(frozen=True)
class ShownPairing:
    pairing: DevicePairing
    state: PairingState


def pairing_of_account(*, user: User, pairing_id: int) -> ShownPairing | None:
    """The pairing this browser asked for, with the device it opened (one query)."""
    pairing = (
        DevicePairing.objects.filter(pk=pairing_id, user=user).select_related("device").first()
    )
    if pairing is None:
        return None
    if pairing.used_at is not None:
        state = PairingState.PAIRED
    elif pairing.is_pending(timezone.now()):
        state = PairingState.WAITING
    else:
        state = PairingState.ENDED
    return ShownPairing(pairing=pairing, state=state)


class SessionCheck(enum.Enum):
    LIVE = "live"
    TOUCH = "touch"  # live, and its last use is old enough to be written again
    DEAD = "dead"


def device_session_check(
    *, device_id: int, user_id: str | None, now: datetime.datetime
) -> SessionCheck:
    """What the session of device ``device_id`` may do now (devices.middleware; one query)."""
    device = (
        Device.objects.filter(pk=device_id)
        .only("user_id", "paired_at", "last_used_at", "revoked_at")
        .first()
    )
    if device is None or str(device.user_id) != str(user_id) or not device.is_live(now):
        return SessionCheck.DEAD
    if device.last_used_at <= now - conf.TOUCH_INTERVAL:
        return SessionCheck.TOUCH
    return SessionCheck.LIVE
