"""A parent at the computer and a phone beside it: the computer asks for a QR code, the phone
opens its link and types the code, as on Mon compte > Connecter mon téléphone."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
CODE = "K7Q2"


def text(response) -> str:
    """The visible text of a page, tags dropped and entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture(autouse=True)
def _public_url(settings):
    # The QR code's link points at the test server itself.
    settings.CARTABLE_PUBLIC_URL = "http://testserver"


@pytest.fixture
def owner(db):
    return UserFactory(
        username="s.martin",
        first_name="Sophie",
        last_name="Martin",
        email="sophie@example.org",
        accepted_charter_version=99,
    )


@pytest.fixture
def computer(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def phone():
    return Client(HTTP_USER_AGENT=PHONE_UA)


def show_qr_code(computer: Client, code: str = CODE) -> str:
    """Asks for a QR code with ``code``; returns the path of the link it holds (as shown)."""
    response = computer.post(reverse("devices:pairing_start"), {"code": code}, follow=True)
    assert response.status_code == 200, text(response)
    found = re.search(r'id="lien-appareil">([^<]+)<', response.content.decode())
    assert found, text(response)
    return urlsplit(html.unescape(found.group(1))).path


def open_link(phone: Client, path: str):
    return phone.get(path, follow=True)


def type_code(phone: Client, code: str = CODE):
    return phone.post(reverse("devices:phone_code"), {"code": code}, follow=True)


def pair(computer: Client, phone: Client, code: str = CODE):
    """The whole gesture; returns the phone's last response (the dashboard when it worked)."""
    open_link(phone, show_qr_code(computer, code))
    return type_code(phone, code)
