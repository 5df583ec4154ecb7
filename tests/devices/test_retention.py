"""What the daily sweep erases of the paired devices, and when."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core import retention
from devices.models import Device, DevicePairing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _pairing(user, *, expired_ago: datetime.timedelta, used: bool = False) -> DevicePairing:
    now = timezone.now()
    return DevicePairing.objects.create(
        user=user,
        token_hash=f"{id(expired_ago)}-{used}-{now.timestamp()}"[:64],
        code_hash="x",
        expires_at=now - expired_ago,
        used_at=now - expired_ago if used else None,
    )


def test_pairings_are_erased_a_day_after_their_expiry():
    user = UserFactory()
    old = _pairing(user, expired_ago=DAY + datetime.timedelta(minutes=1), used=True)
    recent = _pairing(user, expired_ago=datetime.timedelta(hours=2))
    report = retention.sweep_daily()
    assert report["appairages_expires"] == 1
    assert list(DevicePairing.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not DevicePairing.objects.filter(pk=old.pk).exists()


def test_devices_are_erased_30_days_after_their_end():
    user = UserFactory()
    now = timezone.now()
    make = Device.objects.create
    live = make(user=user, name="en service")
    revoked_lately = make(user=user, name="a", revoked_at=now - 29 * DAY, revoked_reason="user")
    make(user=user, name="b", revoked_at=now - 31 * DAY, revoked_reason="password")
    make(user=user, name="c", last_used_at=now - (90 + 31) * DAY, paired_at=now - 200 * DAY)
    idle_lately = make(user=user, name="d", last_used_at=now - 100 * DAY, paired_at=now - 200 * DAY)
    make(user=user, name="e", paired_at=now - (365 + 31) * DAY, last_used_at=now)

    assert retention.sweep_daily()["appareils_deconnectes"] == 3
    assert set(Device.objects.values_list("pk", flat=True)) == {
        live.pk,
        revoked_lately.pk,
        idle_lately.pk,
    }
    assert retention.sweep_daily()["appareils_deconnectes"] == 0  # idempotent
