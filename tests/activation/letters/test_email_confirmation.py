import datetime
import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import email_is_confirmed
from tests.factories import LETTER_PASSWORD, LetterFactory, ProvisionalUserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cartable!2026x"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def awaiting_guardian(client, establishment, django_capture_on_commit_callbacks):
    account = ProvisionalUserFactory(username="s.martin", profile=User.Profile.PARENT)
    LetterFactory(
        pupil__establishment=establishment,
        pupil__birth_date=datetime.date(2013, 5, 17),
        account=account,
        kind="guardian",
    )
    client.post(
        reverse("activation:first_connection_login"),
        {"login": "s.martin", "password": LETTER_PASSWORD},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("activation:first_connection"),
            {
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
                "email": "sophie@example.org",
                "email2": "sophie@example.org",
                "birth_date": "17/05/2013",
            },
        )
    account.refresh_from_db()
    assert account.state == User.State.AWAITING_EMAIL
    return account


def link_path(message) -> str:
    return re.search(r"https?://[^/]+(/compte/valider-adresse-mail/[^/\s]+/)", message.body).group(
        1
    )


def test_clicking_the_link_validates_the_account(client, awaiting_guardian):
    response = client.get(link_path(mail.outbox[0]))
    page = text(response)
    assert response.status_code == 200
    assert "Votre compte a été validé" in page and "ACCÉDER AUX SERVICES" in page
    assert f'href="{reverse("portal:dashboard")}"' in page
    awaiting_guardian.refresh_from_db()
    assert awaiting_guardian.state == User.State.ACTIVE
    assert email_is_confirmed(awaiting_guardian)
    assert EmailAddress.objects.get(user=awaiting_guardian).verified
    # The guardian is no longer held on the waiting page.
    assert client.get(reverse("portal:dashboard")).get("Location") != reverse(
        "activation:awaiting_email"
    )


def test_the_link_works_once(client, awaiting_guardian):
    path = link_path(mail.outbox[0])
    client.get(path)
    response = client.get(path)
    assert response.status_code == 410 and "Ce lien n'est plus valable" in text(response)


def test_the_link_expires(client, awaiting_guardian, monkeypatch):
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    response = client.get(link_path(mail.outbox[0]))
    assert response.status_code == 410
    awaiting_guardian.refresh_from_db()
    assert awaiting_guardian.state == User.State.AWAITING_EMAIL


def test_an_unknown_link_says_the_same(client, db):
    response = client.get(reverse("activation:email_confirm", args=["n-importe-quoi"]))
    assert response.status_code == 410 and "Ce lien n'est plus valable" in text(response)


def test_resend_sends_a_new_link_and_kills_the_old_one_and_is_rate_limited(
    client, awaiting_guardian, django_capture_on_commit_callbacks
):
    old_path = link_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activation:email_resend"), follow=True)
    assert "Un nouveau mail vient de vous être envoyé" in text(response)
    assert len(mail.outbox) == 2
    assert client.get(old_path).status_code == 410
    # A second request within the minute is refused.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activation:email_resend"), follow=True)
    assert "Patientez une minute" in text(response)
    assert len(mail.outbox) == 2
    assert client.get(link_path(mail.outbox[1])).status_code == 200


def test_resend_requires_post_and_login(client, db):
    response = client.post(reverse("activation:email_resend"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("portal:services_en_ligne")
    )
    assert mail.outbox == []


def test_the_blocking_page_does_not_congratulate_on_the_login(client, awaiting_guardian):
    client.logout()

    response = client.post(
        reverse("portal:login_educonnect"),
        {"login": "s.martin", "password": NEW_PASSWORD},
        follow=True,
    )

    page = text(response)
    assert "Compte en attente de validation" in page
    assert "réussie" not in page
