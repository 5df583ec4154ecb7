"""Mon compte > Notifications: each kind of e-mail notice can be turned off, and only those
still wanted reach the outbox's recipients."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.selectors import notice_recipients
from core import notices

pytestmark = pytest.mark.django_db

KIND = notices.NoticeKind(
    key="test_kind",
    label="Un évènement de test",
    description="Un courriel à chaque évènement de test.",
    profiles=frozenset({"parent"}),
)


@pytest.fixture
def registered():
    notices.register(KIND)
    yield KIND
    notices._KINDS.pop(KIND.key, None)


def confirm(user):
    user.accepted_charter_version = 99
    user.email = f"{user.username}@example.org"
    user.save(update_fields=["email", "accepted_charter_version"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def test_turning_a_notice_off_and_on(client, parent_with_children, registered):
    confirm(parent_with_children)
    client.force_login(parent_with_children)
    url = reverse("selfservice:account_notifications")
    page = client.get(url).content.decode()
    assert "Un évènement de test" in page and "checked" in page
    assert notice_recipients(kind=KIND.key, user_ids=[parent_with_children.pk]) == {
        parent_with_children.pk: parent_with_children.email
    }

    response = client.post(url, {})
    assert response.status_code == 302
    assert notice_recipients(kind=KIND.key, user_ids=[parent_with_children.pk]) == {}
    assert "checked" not in client.get(url).content.decode()

    client.post(url, {KIND.key: "on"})
    assert parent_with_children.pk in notice_recipients(
        kind=KIND.key, user_ids=[parent_with_children.pk]
    )


def test_an_unconfirmed_address_gets_no_notice(parent_with_children, registered):
    parent_with_children.email = "pas.confirme@example.org"
    parent_with_children.save(update_fields=["email"])
    EmailAddress.objects.create(user=parent_with_children, email="pas.confirme@example.org")
    assert notice_recipients(kind=KIND.key, user_ids=[parent_with_children.pk]) == {}


def test_a_profile_without_notices_is_told_so(client, teacher, registered, monkeypatch):
    # Mes courriels' notice concerns every profile: only the test kind (parents) is left here.
    monkeypatch.setattr(notices, "_KINDS", {KIND.key: KIND})
    teacher.accepted_charter_version = 99
    teacher.save(update_fields=["accepted_charter_version"])
    client.force_login(teacher)
    page = client.get(reverse("selfservice:account_notifications")).content.decode()
    assert "Aucune notification par courriel" in page
