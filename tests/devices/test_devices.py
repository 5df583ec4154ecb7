"""Mes appareils: the paired devices of the account, renamed and revoked; a revoked device loses
access at its next request; a password change or reset, "Se déconnecter de partout", and any
transition that ends the account's sessions revoke them all."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.lifecycle import Audit, account_close, account_sessions_revoke, accounts_reset
from accounts.models import AuditEvent
from core.tokens import new_token
from devices.models import Device, DevicePairing
from recovery.models import PasswordResetToken
from recovery.services.recovery import password_reset_by_link
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .conftest import pair, show_qr_code, text

pytestmark = pytest.mark.django_db

DEVICES = reverse("devices:device_list")
DASHBOARD = reverse("portal:dashboard")
NEW_PASSWORD = "Nouveau!Poitiers86"


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def paired(computer, phone, owner):
    """The owner's phone, paired: (phone client, its device)."""
    pair(computer, phone)
    return phone, Device.objects.get(user=owner)


def _is_logged_out(client: Client) -> bool:
    response = client.get(DASHBOARD)
    return response.status_code == 302 and SESSION_KEY not in client.session


def test_mes_appareils_lists_the_connected_devices(computer, paired):
    phone, device = paired
    page = text(computer.get(DEVICES))
    assert "Appareils connectés" in page and "Chrome sur Android" in page
    assert "Connecté le" in page and "Dernière utilisation le" in page
    assert "Cet appareil" not in page  # the computer is not a paired device
    assert "Cet appareil" in text(phone.get(DEVICES))
    assert "MES APPAREILS" in text(computer.get(reverse("selfservice:account_profile")))


def test_nothing_paired_yet(computer):
    page = text(computer.get(DEVICES))
    assert "Aucun appareil n'est connecté à votre compte" in page
    assert "Connecter mon téléphone" in page


def test_a_device_is_renamed(computer, paired):
    _, device = paired
    url = reverse("devices:device_rename", args=[device.pk])
    blank = computer.post(url, {"name": "   "})
    assert "Saisissez un nom pour cet appareil." in text(blank)
    computer.post(url, {"name": "Téléphone de Sophie"})
    device.refresh_from_db()
    assert device.name == "Téléphone de Sophie"
    assert "Téléphone de Sophie" in text(computer.get(DEVICES))


def test_a_revoked_device_loses_access_at_its_next_request(computer, paired, owner):
    phone, device = paired
    assert phone.get(DASHBOARD).status_code == 200
    confirm = computer.get(reverse("devices:device_revoke", args=[device.pk]))
    assert "Déconnecter « Chrome sur Android » ?" in text(confirm)

    response = computer.post(reverse("devices:device_revoke", args=[device.pk]), follow=True)
    assert "« Chrome sur Android » a été déconnecté" in text(response)

    # Whatever it asks for next, even the cached dashboard: logged out, and told why.
    page = phone.get(DASHBOARD, follow=True)
    assert SESSION_KEY not in phone.session
    assert "Ce téléphone n'est plus connecté à votre compte" in text(page)
    device.refresh_from_db()
    assert device.revoked_at is not None and device.revoked_reason == Device.EndReason.USER
    event = AuditEvent.objects.get(action="device.revoked")
    assert event.actor == owner and event.target_id == str(device.pk)
    # Listed among the recently disconnected ones; the computer itself stays logged in.
    listing = text(computer.get(DEVICES))
    assert "Déconnectés ces 30 derniers jours" in listing
    assert "déconnecté depuis « Mes appareils »" in listing
    assert computer.get(DASHBOARD).status_code == 200


def test_the_phone_revokes_itself(paired):
    phone, device = paired
    response = phone.post(reverse("devices:device_revoke", args=[device.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:services_en_ligne")
    assert "Cet appareil a été déconnecté de votre compte." in text(response)
    assert _is_logged_out(phone)
    device.refresh_from_db()
    assert device.revoked_reason == Device.EndReason.USER


def test_logging_out_on_the_phone_ends_its_pairing(paired):
    phone, device = paired
    phone.post(reverse("account_logout"))
    device.refresh_from_db()
    assert device.revoked_reason == Device.EndReason.LOGOUT
    assert _is_logged_out(phone)


def test_a_password_change_revokes_every_device(computer, paired, owner):
    phone, device = paired
    second_phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5) Safari/604.1")
    pair(computer, second_phone, "ZZ99")
    show_qr_code(computer, "PEND")  # a pairing under way

    computer.post(
        reverse("selfservice:account_password_change"),
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert _is_logged_out(phone) and _is_logged_out(second_phone)
    assert set(Device.objects.values_list("revoked_reason", flat=True)) == {"password"}
    assert not DevicePairing.objects.filter(cancelled_at__isnull=True, used_at__isnull=True)
    event = AuditEvent.objects.get(action="devices.revoked")
    assert sorted(event.details["devices"]) == ["Chrome sur Android", "Safari sur iPhone"]
    assert event.details["reason"] == AuditAction.PASSWORD_CHANGED.value
    assert event.actor == owner
    assert computer.get(DASHBOARD).status_code == 200  # the browser that changed it stays


def test_a_password_reset_revokes_every_device(paired, owner):
    phone, device = paired
    token, digest = new_token()
    PasswordResetToken.objects.create(
        account=owner, token_hash=digest, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    password_reset_by_link(token=token, password=NEW_PASSWORD, ip=None)
    device.refresh_from_db()
    assert device.revoked_reason == Device.EndReason.PASSWORD
    assert _is_logged_out(phone)


def test_logging_out_everywhere_revokes_every_device(computer, paired):
    phone, device = paired
    computer.post(reverse("portal:logout_everywhere"))
    device.refresh_from_db()
    assert device.revoked_reason == Device.EndReason.EVERYWHERE
    assert _is_logged_out(phone) and _is_logged_out(computer)
    assert AuditEvent.objects.filter(action="devices.revoked").count() == 1


@pytest.mark.parametrize(
    ("transition", "reason"),
    [
        (
            lambda a: account_sessions_revoke(
                account=a, audit=Audit(action=AuditAction.SESSIONS_REVOKED, by_account=True)
            ),
            Device.EndReason.EVERYWHERE,
        ),
        (
            lambda a: accounts_reset(accounts=[a], audit=Audit(action=AuditAction.ACCOUNT_RESET)),
            Device.EndReason.ACCOUNT,
        ),
        (
            lambda a: account_close(account=a, audit=Audit(action=AuditAction.ACCOUNT_CLOSED)),
            Device.EndReason.ACCOUNT,
        ),
    ],
    ids=["sessions_revoke", "reset", "close"],
)
def test_every_transition_that_ends_the_sessions_revokes_the_devices(
    paired, owner, transition, reason
):
    phone, device = paired
    other = UserFactory()
    other_device = Device.objects.create(user=other, name="Autre")
    transition(owner)
    device.refresh_from_db()
    other_device.refresh_from_db()
    assert device.revoked_reason == reason
    assert other_device.revoked_at is None  # another account's device is untouched
    assert _is_logged_out(phone)


def test_another_accounts_device_is_not_found(computer, db):
    stranger = Device.objects.create(user=UserFactory(), name="Téléphone d'un autre")
    for name in ("devices:device_rename", "devices:device_revoke"):
        url = reverse(name, args=[stranger.pk])
        assert computer.get(url).status_code == 404
        assert computer.post(url, {"name": "x"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.name == "Téléphone d'un autre" and stranger.revoked_at is None
    assert "Téléphone d'un autre" not in text(computer.get(DEVICES))


def test_a_password_changed_from_the_phone_ends_its_pairing_too(paired, computer):
    phone, device = paired
    response = phone.post(
        reverse("selfservice:account_password_change"),
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    # Every device ends with the old password, this one included: its next page logs it out.
    assert "Ce téléphone n'est plus connecté" in text(response)
    assert _is_logged_out(phone) and _is_logged_out(computer)
    device.refresh_from_db()
    assert device.revoked_reason == Device.EndReason.PASSWORD
