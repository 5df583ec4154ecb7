"""Mon compte's e-mail change, hardened: rate-limited per account and per typed address, cancelled
by a password change or reset, cancellable from the old address, the old address told when it
completes."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from selfservice.models import EmailChangeRequest
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .test_account import text

EMAIL = reverse("selfservice:account_email_change")
CONFIRM = r"https://ent\.example\.fr(/compte/profil/adresse-mail/confirmer/\S+/)"


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.CARTABLE_PUBLIC_URL = "https://ent.example.fr"


@pytest.fixture
def parent(parent_with_children):
    parent_with_children.email = "sophie@example.org"
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save()
    EmailAddress.objects.create(
        user=parent_with_children, email="sophie@example.org", verified=True, primary=True
    )
    return parent_with_children


@pytest.fixture
def parent_client(client, parent):
    client.force_login(parent)
    return client


def _ask(client, email):
    data = {"current_password": DEFAULT_PASSWORD, "new_email": email, "new_email2": email}
    return client.post(EMAIL, data)


def test_email_changes_are_rate_limited_per_account(
    parent_client, parent, settings, django_capture_on_commit_callbacks
):
    settings.CARTABLE_LIMITS = {"email_change_per_account_hour": 2}
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            assert _ask(parent_client, f"n{n}@example.org").status_code == 302
        refused = _ask(parent_client, "victime@example.org")
    assert refused.status_code == 200
    assert "Trop de demandes de changement d'adresse" in text(refused)
    assert not [m for m in mail.outbox if m.to == ["victime@example.org"]]
    assert not EmailChangeRequest.objects.filter(new_email="victime@example.org").exists()
    parent.refresh_from_db()
    assert parent.email == "sophie@example.org"


def test_email_changes_are_rate_limited_per_typed_address(
    parent, settings, django_capture_on_commit_callbacks
):
    settings.CARTABLE_LIMITS = {"email_change_per_address_hour": 1}
    other = UserFactory(username="x.autre", email="x@example.org", accepted_charter_version=99)
    first, second = Client(), Client()
    first.force_login(parent)
    second.force_login(other)
    assert _ask(first, "Victime@Example.org").status_code == 302
    refused = _ask(second, "victime@example.org")
    assert "Trop de demandes de changement d'adresse" in text(refused)
    assert EmailChangeRequest.objects.filter(new_email="victime@example.org").count() == 1
