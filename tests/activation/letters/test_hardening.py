"""First connection under attack: escalating locks, shared addresses, several letters, and the
letter form refusing real passwords."""

import datetime
import html

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activation.models import FirstConnectionLock
from core.retention import sweep_daily
from tests.factories import LETTER_PASSWORD, LetterFactory, ProvisionalUserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("activation:first_connection_login")
FORM = reverse("activation:first_connection")
NEW_PASSWORD = "Cartable!2026x"
BIRTH = datetime.date(2013, 1, 30)


def text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(birth_date="30/01/2013"):
    return {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
        "email": "",
        "email2": "",
        "birth_date": birth_date,
    }


def pupil_letter(establishment, username, **kwargs):
    return LetterFactory(
        pupil__establishment=establishment,
        pupil__birth_date=BIRTH,
        account__username=username,
        **kwargs,
    )


def five_wrong_dates(client):
    for _ in range(5):
        response = client.post(FORM, form_data(birth_date="01/01/2012"))
    return response


def test_the_third_lock_blocks_the_letter_until_the_school_acts(client, establishment, settings):
    letter = pupil_letter(establishment, "l.durand")
    client.post(LOGIN, {"login": "l.durand", "password": LETTER_PASSWORD})
    later = timezone.now()
    for round_ in range(3):
        response = five_wrong_dates(client)
        assert response.status_code == 423
        if round_ < 2:  # 15 minutes later, 5 fresh tries
            FirstConnectionLock.objects.update(locked_until=later)
    lock = FirstConnectionLock.objects.get(locked_until__gt=timezone.now())
    assert lock.reason == FirstConnectionLock.Reason.LETTER
    assert lock.locked_until == letter.expires_at
    page = text(client.post(FORM, form_data()))  # even the right date
    assert "ce courrier est désormais bloqué" in page and "secrétariat" in page
    assert User.objects.get(username="l.durand").state == User.State.PROVISIONAL
    # The school unblocks it: the right date goes through.
    FirstConnectionLock.objects.update(locked_until=timezone.now())
    assert client.post(FORM, form_data()).status_code == 302


def test_lifted_locks_of_a_live_letter_survive_the_daily_sweep(establishment):
    letter = pupil_letter(establishment, "l.durand")
    past = timezone.now() - datetime.timedelta(minutes=1)
    kept = FirstConnectionLock.objects.create(
        account=letter.account, letter=letter, reason="account", locked_until=past
    )
    gone = FirstConnectionLock.objects.create(
        ip_address="192.0.2.1", reason="ip", locked_until=past
    )
    sweep_daily()
    assert FirstConnectionLock.objects.filter(pk=kept.pk).exists()
    assert not FirstConnectionLock.objects.filter(pk=gone.pk).exists()


def test_an_address_locked_by_others_still_accepts_the_right_birth_date(client, establishment):
    guessers = [pupil_letter(establishment, f"e.eleve{i}") for i in range(3)]
    tries = 0
    for letter in guessers:  # 5 wrong dates from one address, over 3 accounts
        client.logout()
        client.post(LOGIN, {"login": letter.identifier, "password": LETTER_PASSWORD})
        for _ in range(2):
            if tries < 5:
                client.post(FORM, form_data(birth_date="02/02/2012"))
                tries += 1
    assert FirstConnectionLock.objects.filter(reason="ip").exists()
    # Another family behind the same school Wi-Fi, with the right date: it goes through.
    pupil_letter(establishment, "l.durand")
    client.logout()
    client.post(LOGIN, {"login": "l.durand", "password": LETTER_PASSWORD})
    assert client.get(FORM).status_code == 200
    response = client.post(FORM, form_data())
    assert response.status_code == 302
    assert User.objects.get(username="l.durand").state == User.State.ACTIVE
    # A wrong date from that address is still refused as locked.
    pupil_letter(establishment, "m.autre")
    client.logout()
    client.post(LOGIN, {"login": "m.autre", "password": LETTER_PASSWORD})
    assert client.post(FORM, form_data(birth_date="03/03/2012")).status_code == 423


def test_every_live_letter_of_an_identifier_is_accepted(client, establishment):
    """A guardian with 4 children, one of whose letters was reprinted 3 times."""
    account = ProvisionalUserFactory(username="s.martin", profile=User.Profile.PARENT)
    oldest = LetterFactory(
        pupil__establishment=establishment, account=account, kind="guardian", password="AAAA2222"
    )
    for _ in range(3):
        LetterFactory(pupil__establishment=establishment, account=account, kind="guardian")
    reprinted = LetterFactory(pupil__establishment=establishment, account=account, kind="guardian")
    for _ in range(3):
        reprinted.revoked_at = timezone.now()
        reprinted.save(update_fields=["revoked_at"])
        reprinted = LetterFactory(
            pupil=reprinted.pupil, account=account, kind="guardian", password="BBBB3333"
        )
    response = client.post(LOGIN, {"login": "s.martin", "password": "AAAA2222"})
    assert response.status_code == 302 and response["Location"] == FORM
    assert client.session["teleservices_letter_id"] == oldest.pk


def test_the_letter_form_refuses_a_real_password(client, teacher, password):
    response = client.post(LOGIN, {"login": "j.prof", "password": password})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text(response)
    assert SESSION_KEY not in client.session


def test_the_letter_form_refuses_an_activated_familys_password(
    client, parent_with_children, password
):
    response = client.post(LOGIN, {"login": "s.martin", "password": password})
    assert "Identifiant ou mot de passe incorrect." in text(response)
    assert SESSION_KEY not in client.session


def test_a_pupil_recorded_without_birth_date_is_sent_to_the_school(client, establishment):
    letter = pupil_letter(establishment, "l.durand")
    type(letter.pupil).objects.filter(pk=letter.pupil_id).update(birth_date=None)
    client.post(LOGIN, {"login": "l.durand", "password": LETTER_PASSWORD})
    page = text(client.get(FORM))
    assert "Date de naissance inconnue" in page and "Contactez le secrétariat" in page
    response = client.post(FORM, form_data())
    assert response.status_code == 200 and "Date de naissance inconnue" in text(response)
    assert User.objects.get(username="l.durand").state == User.State.PROVISIONAL
    assert not FirstConnectionLock.objects.exists()  # no try counted against the family
