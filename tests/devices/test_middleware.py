"""Device sessions, request by request: a device unused for 90 days or paired a year ago is
logged out; its "last use" is written at most every 10 minutes, pushing its cookie back; a
session holding another account's device id is ended. And what it costs in queries."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from devices.models import Device
from devices.services.devices import SESSION_DEVICE_KEY
from tests.factories import UserFactory
from tests.portal.test_dashboard import session_queries

from .conftest import pair, text

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")


@pytest.fixture
def paired(computer, phone, owner):
    pair(computer, phone)
    phone.get(DASHBOARD)  # the flash message shown once
    return phone, Device.objects.get(user=owner)


def _age(device: Device, **fields: datetime.timedelta) -> None:
    now = timezone.now()
    Device.objects.filter(pk=device.pk).update(**{k: now - v for k, v in fields.items()})


def test_a_device_unused_for_90_days_is_logged_out(paired):
    phone, device = paired
    _age(device, last_used_at=datetime.timedelta(days=90, minutes=1))
    page = phone.get(DASHBOARD, follow=True)
    assert SESSION_KEY not in phone.session
    assert "Ce téléphone n'est plus connecté" in text(page)


def test_a_device_paired_a_year_ago_is_logged_out_however_often_used(paired):
    phone, device = paired
    _age(device, paired_at=datetime.timedelta(days=365, minutes=1))
    phone.get(DASHBOARD)
    assert SESSION_KEY not in phone.session


def test_last_use_is_written_every_ten_minutes_and_renews_the_cookie(paired):
    phone, device = paired
    _age(device, last_used_at=datetime.timedelta(minutes=5))
    before = Device.objects.get(pk=device.pk).last_used_at
    response = phone.get(DASHBOARD)
    assert response.status_code == 200
    assert Device.objects.get(pk=device.pk).last_used_at == before
    assert settings.SESSION_COOKIE_NAME not in response.cookies

    _age(device, last_used_at=datetime.timedelta(minutes=11))
    response = phone.get(DASHBOARD)
    assert Device.objects.get(pk=device.pk).last_used_at > timezone.now() - datetime.timedelta(
        minutes=1
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 90 * 24 * 3600


def test_a_session_holding_another_accounts_device_is_ended(computer):
    stranger_device = Device.objects.create(user=UserFactory(), name="Téléphone d'un autre")
    session = computer.session
    session[SESSION_DEVICE_KEY] = stranger_device.pk  # never written so by Cartable: forged
    session.save()
    computer.get(DASHBOARD)
    assert SESSION_KEY not in computer.session
    stranger_device.refresh_from_db()
    assert stranger_device.revoked_at is None  # the stranger's phone goes on


def test_a_device_session_costs_one_query_more_than_a_password_session(
    paired, computer, django_assert_num_queries
):
    phone, _ = paired
    computer.get(DASHBOARD)  # fills the caches
    # Dashboard from the per-user page cache: session, device, user.
    with django_assert_num_queries(session_queries() + 2):
        assert phone.get(DASHBOARD).status_code == 200
    with django_assert_num_queries(session_queries() + 1):
        assert computer.get(DASHBOARD).status_code == 200


def test_requests_without_a_session_cookie_do_not_load_one(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("devices:manifest")).status_code == 200
