"""Families behind one address (a proxy, the school's Wi-Fi, a carrier's NAT): the address's
limit refuses wrong passwords only, never the right password of an account not itself locked."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.portal.helpers import page_text

pytestmark = pytest.mark.django_db

EDUCONNECT = reverse("portal:login_educonnect")


def attempt(login, password, forwarded):
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    return client, client.post(EDUCONNECT, {"login": login, "password": password})


def test_a_guesser_behind_the_proxy_locks_out_nobody(settings, parent_with_children, password):
    settings.CARTABLE_TRUSTED_PROXIES = 1
    for i in range(30):  # 30 wrong passwords from one school Wi-Fi, 3 per identifier
        attempt(f"x.inconnu{i // 3}", "pas-le-bon-1A!", "203.0.113.7")
    _, refused = attempt("x.autre", "pas-le-bon-1A!", "203.0.113.7")
    assert "Trop de demandes" in page_text(refused)
    # Same Wi-Fi, right password: in.
    client, response = attempt("s.martin", password, "203.0.113.7")
    assert response.status_code == 302 and SESSION_KEY in client.session
    # Elsewhere (another family behind the same reverse proxy): not even counted.
    UserFactory(username="a.autre")
    _, wrong = attempt("a.autre", "pas-le-bon-1A!", "198.51.100.4")
    assert "Trop de demandes" not in page_text(wrong)
    assert "Identifiant ou mot de passe incorrect." in page_text(wrong)


def test_the_account_limit_still_refuses_even_the_right_password(
    settings, parent_with_children, password
):
    settings.CARTABLE_TRUSTED_PROXIES = 1
    for i in range(5):
        attempt("s.martin", "pas-le-bon-1A!", f"198.51.100.{i}")
    client, response = attempt("s.martin", password, "198.51.100.99")
    assert SESSION_KEY not in client.session
    assert "Trop de tentatives" in page_text(response)
