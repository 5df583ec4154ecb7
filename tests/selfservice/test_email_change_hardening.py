"""Mon compte's e-mail change, hardened: rate-limited per account and per typed address, cancelled
by a password change or reset, cancellable from the old address, the old address told when it
completes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.tokens import new_token
from selfservice.models import EmailChangeRequest
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .test_account import text

EMAIL = reverse("selfservice:account_email_change")
CONFIRM = r"https://ent\.example\.fr(/compte/profil/adresse-mail/confirmer/\S+/)"


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.CARTABLE_PUBLIC_URL = "https://ent.example.fr"


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


NEW_PASSWORD = "Nouveau!Poitiers86"


def _pending_links(parent, django_capture_on_commit_callbacks):
    """An attacker holding a session asks for their own address: (confirm link, cancel link)."""
    from selfservice.services.account import account_email_change_request

    with django_capture_on_commit_callbacks(execute=True):
        account_email_change_request(account=parent, new_email="pirate@example.org")
    to_new = next(m for m in mail.outbox if m.to == ["pirate@example.org"])
    to_old = next(m for m in mail.outbox if m.to == ["sophie@example.org"])
    cancel = re.search(
        r"https://ent\.example\.fr(/compte/profil/adresse-mail/annuler/\S+/)", to_old.body
    )
    return re.search(CONFIRM, to_new.body).group(1), cancel.group(1) if cancel else None


def test_a_password_change_cancels_the_pending_email_change(
    parent, django_capture_on_commit_callbacks
):
    from selfservice.services.account import account_password_change

    confirm, _ = _pending_links(parent, django_capture_on_commit_callbacks)
    account_password_change(account=parent, new_password=NEW_PASSWORD)
    assert Client().get(confirm).status_code == 410
    parent.refresh_from_db()
    assert parent.email == "sophie@example.org"
    assert AuditEvent.objects.filter(action="account.email_change_cancelled").exists()


def test_a_password_reset_cancels_the_pending_email_change(
    parent, django_capture_on_commit_callbacks
):
    from recovery.models import PasswordResetToken
    from recovery.services.recovery import password_reset_by_link

    confirm, _ = _pending_links(parent, django_capture_on_commit_callbacks)
    token, digest = new_token()
    PasswordResetToken.objects.create(
        account=parent, token_hash=digest, expires_at=timezone.now() + timedelta(hours=1)
    )
    password_reset_by_link(token=token, password=NEW_PASSWORD, ip=None)
    assert Client().get(confirm).status_code == 410
    parent.refresh_from_db()
    assert parent.email == "sophie@example.org"


def test_the_old_address_can_cancel_the_change_without_logging_in(
    parent, django_capture_on_commit_callbacks
):
    confirm, cancel = _pending_links(parent, django_capture_on_commit_callbacks)
    assert cancel, "the notice to the old address carries a cancel link"
    page = Client().get(cancel)
    assert page.status_code == 200 and "Changement d'adresse annulé" in text(page)
    assert Client().get(cancel).status_code == 410  # single use
    assert Client().get(confirm).status_code == 410
    parent.refresh_from_db()
    assert parent.email == "sophie@example.org"
    assert Client().get(cancel[:-3] + "xx/").status_code == 410  # tampered


def test_the_old_address_is_told_when_the_change_completes(
    parent, django_capture_on_commit_callbacks
):
    confirm, _ = _pending_links(parent, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().get(confirm).status_code == 200
    told = [m for m in mail.outbox if m.to == ["sophie@example.org"]]
    assert len(told) == 1 and "pirate@example.org" in told[0].body
