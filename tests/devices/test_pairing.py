"""Pairing a phone: the QR code's link and the code typed on the phone. Expired, reused and
wrong-code links are refused; the third wrong code kills the link; tokens are stored hashed."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from core.tokens import token_digest
from devices.models import Device, DevicePairing
from devices.services.devices import SESSION_DEVICE_KEY

from .conftest import CODE, PHONE_UA, open_link, pair, show_qr_code, text, type_code

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")


def _logged_in_as(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def test_the_phone_opens_the_link_types_the_code_and_lands_logged_in(computer, phone, owner):
    response = pair(computer, phone)

    assert response.redirect_chain[-1][0] == DASHBOARD
    assert "Ce téléphone est connecté à votre compte" in text(response)
    assert "Sophie Martin" in text(response)
    assert _logged_in_as(phone) == str(owner.pk)
    device = Device.objects.get(user=owner)
    assert device.name == "Chrome sur Android" and device.revoked_at is None
    assert phone.session[SESSION_DEVICE_KEY] == device.pk
    # A persistent cookie of 90 days: the session survives the browser's restarts.
    cookie = phone.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 90 * 24 * 3600
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["device.pairing_started", "device.paired"]


def test_the_qr_code_page_shows_an_svg_and_the_link_once_and_stores_only_digests(computer, owner):
    path = show_qr_code(computer)
    page = computer.get(reverse("devices:pairing_qr")).content.decode()
    token = path.rstrip("/").rsplit("/", 1)[-1]

    assert "<svg" in page and 'role="img"' in page and "style=" not in page.split("<svg")[1]
    assert len(token) == 20 and token.isupper()
    pairing = DevicePairing.objects.get(user=owner)
    assert pairing.token_hash == token_digest(token)
    stored = " ".join(str(getattr(pairing, f.attname)) for f in DevicePairing._meta.fields)
    assert token not in stored and CODE not in stored
    assert pairing.expires_at - pairing.created_at == datetime.timedelta(minutes=10)


def test_the_link_leaves_the_address_bar_before_the_code_is_asked(computer, phone):
    response = phone.get(show_qr_code(computer))
    assert response.status_code == 302 and response["Location"] == reverse("devices:phone_code")
    page = phone.get(response["Location"])
    assert "Connecter ce téléphone" in text(page) and "Code à 4 caractères" in text(page)


def test_wrong_codes_are_counted_and_the_third_kills_the_link(computer, phone, owner):
    open_link(phone, show_qr_code(computer))

    first = type_code(phone, "AAAA")
    assert "Code incorrect. Il vous reste 2 essais." in text(first)
    second = type_code(phone, "BBBB")
    assert "Code incorrect. Il vous reste 1 essai." in text(second)
    third = type_code(phone, "CCCC")
    assert third.status_code == 410
    assert "Trois codes erronés : ce lien ne fonctionne plus" in text(third)

    # The right code now changes nothing: the link is dead, for this phone and any other.
    assert type_code(phone, CODE).status_code == 410
    pairing = DevicePairing.objects.get(user=owner)
    assert pairing.attempts == 3 and pairing.failed_at is not None
    assert _logged_in_as(phone) is None and not Device.objects.exists()
    assert AuditEvent.objects.filter(action="device.pairing_failed").count() == 1
    # The computer's page says so.
    assert "Ce QR code n'est plus valable" in text(computer.get(reverse("devices:pairing_qr")))


def test_a_badly_formed_code_is_refused_without_spending_a_try(computer, phone, owner):
    open_link(phone, show_qr_code(computer))
    for typed in ("12", "ABCDE", "é1b2", "    "):
        response = type_code(phone, typed)
        assert response.status_code == 200
        assert "4 caractères" in text(response)
    assert DevicePairing.objects.get(user=owner).attempts == 0
    assert type_code(phone, CODE).redirect_chain[-1][0] == DASHBOARD


def test_the_code_and_the_typed_link_ignore_case(computer, phone, owner):
    path = show_qr_code(computer, "ab12")
    open_link(phone, path.lower())
    assert type_code(phone, "Ab12").redirect_chain[-1][0] == DASHBOARD
    assert _logged_in_as(phone) == str(owner.pk)


def test_a_link_serves_once(computer, phone, owner):
    path = show_qr_code(computer)
    other_phone = Client(HTTP_USER_AGENT=PHONE_UA)
    open_link(other_phone, path)  # opened too, before the first phone typed its code
    open_link(phone, path)
    assert type_code(phone).redirect_chain[-1][0] == DASHBOARD

    again = Client(HTTP_USER_AGENT=PHONE_UA)
    assert open_link(again, path).status_code == 410
    late = type_code(other_phone)
    assert late.status_code == 410 and "plus valable" in text(late)
    assert _logged_in_as(other_phone) is None
    assert Device.objects.filter(user=owner).count() == 1
    assert "Votre téléphone est connecté" in text(computer.get(reverse("devices:pairing_qr")))


def test_an_expired_link_is_refused_before_and_after_it_was_opened(computer, phone, owner):
    path = show_qr_code(computer)
    open_link(phone, path)
    DevicePairing.objects.filter(user=owner).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert type_code(phone).status_code == 410
    assert open_link(Client(), path).status_code == 410
    assert _logged_in_as(phone) is None and not Device.objects.exists()
    assert "Ce QR code n'est plus valable" in text(computer.get(reverse("devices:pairing_qr")))


def test_an_unknown_link_is_refused(phone):
    response = phone.get(reverse("devices:phone_link", args=["ABCDEFGHJKMNPQRSTUVW"]))
    assert response.status_code == 410 and "n'est plus valable" in text(response)
    # The code page without a link first.
    assert Client().get(reverse("devices:phone_code")).status_code == 410


def test_a_new_qr_code_replaces_the_previous_one(computer, phone):
    first = show_qr_code(computer)
    second = show_qr_code(computer, "ZZ99")
    assert open_link(phone, first).status_code == 410
    open_link(phone, second)
    assert type_code(phone, "ZZ99").redirect_chain[-1][0] == DASHBOARD


def test_an_account_closed_meanwhile_cannot_be_paired(computer, phone, owner):
    open_link(phone, show_qr_code(computer))
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert type_code(phone).status_code == 410
    assert _logged_in_as(phone) is None


def test_a_browser_already_logged_in_is_told_to_use_the_phone(computer, owner):
    path = show_qr_code(computer)
    response = computer.get(path)
    assert response.status_code == 409
    assert "Ce navigateur est déjà connecté" in text(response)
    # The link still works on the phone afterwards.
    phone = Client(HTTP_USER_AGENT=PHONE_UA)
    open_link(phone, path)
    assert type_code(phone).redirect_chain[-1][0] == DASHBOARD


def test_code_tries_are_limited_per_client_address(computer, settings, owner):
    settings.CARTABLE_LIMITS = {"device_code_per_ip_hour": 2}
    phone = Client(HTTP_USER_AGENT=PHONE_UA)
    open_link(phone, show_qr_code(computer))
    type_code(phone, "AAAA")
    type_code(phone, "BBBB")
    refused = type_code(phone, CODE)
    assert "Trop de codes saisis depuis cette connexion" in text(refused)
    assert _logged_in_as(phone) is None
    # Refused before the code was looked at: the two wrong tries only.
    assert DevicePairing.objects.get(user=owner).attempts == 2


def test_qr_codes_are_limited_per_account(computer, settings, owner):
    settings.CARTABLE_LIMITS = {"device_pairing_per_account_hour": 2}
    show_qr_code(computer)
    show_qr_code(computer)
    response = computer.post(reverse("devices:pairing_start"), {"code": CODE})
    assert "Trop de QR codes demandés" in text(response)
    assert DevicePairing.objects.filter(user=owner).count() == 2


def test_the_code_chosen_on_the_computer_is_checked(computer, owner):
    response = computer.post(reverse("devices:pairing_start"), {"code": "AB"})
    assert response.status_code == 200 and "4 caractères" in text(response)
    assert not DevicePairing.objects.exists()


def test_a_paired_phone_cannot_pair_another_device(computer, phone):
    pair(computer, phone)
    page = phone.get(reverse("devices:pairing_start"))
    assert "il ne peut pas en connecter un autre" in text(page)
    phone.post(reverse("devices:pairing_start"), {"code": "ZZ99"})
    assert DevicePairing.objects.count() == 1


def test_the_qr_code_page_without_a_pairing_sends_to_the_start(computer):
    response = computer.get(reverse("devices:pairing_qr"))
    assert response.status_code == 302 and response["Location"] == reverse("devices:pairing_start")
