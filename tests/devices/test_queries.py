"""Query counts of the new pages, fixed whatever the number of devices."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devices.models import Device
from tests.portal.test_dashboard import session_queries

from .conftest import PHONE_UA, show_qr_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _charter_version_cached(computer):
    # The charter middleware reads the current version once per process cache period.
    computer.get(reverse("selfservice:account_profile"))


def _devices(owner, n: int) -> list[Device]:
    now = timezone.now()
    live = [Device.objects.create(user=owner, name=f"Téléphone {i}") for i in range(n)]
    Device.objects.create(
        user=owner,
        name="Ancien",
        revoked_at=now - datetime.timedelta(days=2),
        revoked_reason="user",
    )
    return live


@pytest.mark.parametrize("n_devices", [1, 4])
def test_mes_appareils_costs_a_fixed_number_of_queries(
    computer, owner, n_devices, django_assert_num_queries
):
    _devices(owner, n_devices)
    # Session, user, the account's devices.
    with django_assert_num_queries(session_queries() + 2):
        response = computer.get(reverse("devices:device_list"))
    assert response.content.decode().count("/renommer/") == n_devices
    assert "Ancien" in response.content.decode()


def test_the_pairing_pages_cost_a_fixed_number_of_queries(
    computer, owner, django_assert_num_queries
):
    # Session, user.
    with django_assert_num_queries(session_queries() + 1):
        assert computer.get(reverse("devices:pairing_start")).status_code == 200
    path = show_qr_code(computer)
    # Session, user, the pairing with its device.
    with django_assert_num_queries(session_queries() + 2):
        assert computer.get(reverse("devices:pairing_qr")).status_code == 200
    phone = Client(HTTP_USER_AGENT=PHONE_UA)
    # Anonymous: the pairing (with its account); then a new session is written (in the
    # database: a lookup of the key and the insert, in a savepoint).
    with django_assert_num_queries(1 + 4 * session_queries()):
        assert phone.get(path).status_code == 302
    with django_assert_num_queries(session_queries()):
        assert phone.get(reverse("devices:phone_code")).status_code == 200


def test_rename_and_revoke_pages_cost_a_fixed_number_of_queries(
    computer, owner, django_assert_num_queries
):
    device = _devices(owner, 1)[0]
    for name in ("devices:device_rename", "devices:device_revoke"):
        # Session, user, the device.
        with django_assert_num_queries(session_queries() + 2):
            assert computer.get(reverse(name, args=[device.pk])).status_code == 200
