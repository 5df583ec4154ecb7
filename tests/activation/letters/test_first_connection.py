import datetime
import html
import threading

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from activation.models import FirstConnectionLock, Letter
from tests.factories import (
    LETTER_PASSWORD,
    GuardianFactory,
    GuardianLinkFactory,
    LetterFactory,
    ProvisionalUserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("activation:first_connection_login")
FORM = reverse("activation:first_connection")
NEW_PASSWORD = "Cartable!2026x"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def guardian_letter(establishment):
    account = ProvisionalUserFactory(
        username="s.martin", first_name="Sophie", last_name="Martin", profile=User.Profile.PARENT
    )
    letter = LetterFactory(
        pupil__establishment=establishment,
        pupil__first_name="Dylan",
        pupil__birth_date=datetime.date(2013, 5, 17),
        account=account,
        kind="guardian",
    )
    guardian = GuardianFactory(establishment=establishment, account=account)
    GuardianLinkFactory(pupil=letter.pupil, guardian=guardian)
    letter.recipient = guardian
    letter.save(update_fields=["recipient"])
    return letter


@pytest.fixture
def pupil_letter(establishment):
    return LetterFactory(
        pupil__establishment=establishment,
        pupil__birth_date=datetime.date(2013, 1, 30),
        account__username="l.durand",
        account__first_name="Léa",
        account__last_name="Durand",
    )


def letter_login(client, username, password=LETTER_PASSWORD):
    return client.post(LOGIN, {"login": username, "password": password})


def form_data(**overrides):
    data = {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
        "email": "sophie@example.org",
        "email2": "sophie@example.org",
        "birth_date": "17/05/2013",
    }
    data.update(overrides)
    return data


def test_letter_login_leads_to_the_first_connection_form(client, guardian_letter):
    response = letter_login(
        client, "s.martin", LETTER_PASSWORD.lower()
    )  # typed in lower case: still fine
    assert response.status_code == 302 and response["Location"] == FORM
    page = text(client.get(FORM))
    assert "Première connexion" in page and "s.martin" in page
    # The rule is shown before typing.
    assert "Au moins 8 caractères" in page and "3 des 4 critères" in page
    assert "Date de naissance de l'élève" in page


def test_portal_login_page_accepts_the_letter_and_confines_the_session(client, guardian_letter):
    response = client.post(
        reverse("portal:login_educonnect"), {"login": "s.martin", "password": LETTER_PASSWORD}
    )
    assert response.status_code == 302
    # Whatever page is asked for, a letter session lands on the first-connection form.
    assert client.get(reverse("portal:dashboard"))["Location"] == FORM
    assert client.get(reverse("activation:awaiting_email"))["Location"] == FORM
    assert client.get(FORM).status_code == 200


def test_wrong_temporary_password_is_refused_without_detail(client, guardian_letter):
    response = letter_login(client, "s.martin", "AAAA2222")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in text(response)
    assert SESSION_KEY not in client.session


def test_guardian_completes_first_connection_then_waits_for_the_mail(
    client, guardian_letter, django_capture_on_commit_callbacks
):
    letter_login(client, "s.martin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, form_data())
    assert response.status_code == 302 and response["Location"] == reverse(
        "activation:awaiting_email"
    )
    account = User.objects.get(username="s.martin")
    assert account.state == User.State.AWAITING_EMAIL
    assert account.check_password(NEW_PASSWORD) and account.email == "sophie@example.org"
    letter = Letter.objects.get(pk=guardian_letter.pk)
    assert letter.used_at is not None
    assert AuditEvent.objects.filter(
        action="first_connection.completed", target_id=str(letter.pk)
    ).exists()
    # The mail, as families know it.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Message des services en ligne - Activation de votre compte"
    assert message.from_email.startswith("Administrateur des services en ligne")
    assert "/compte/valider-adresse-mail/" in message.body
    page = text(client.get(reverse("activation:awaiting_email")))
    assert "Compte en attente de validation" in page and "Renvoyer le mail" in page
    # Blocked from the services until the link is clicked.
    assert client.get(reverse("portal:dashboard"))["Location"] == reverse(
        "activation:awaiting_email"
    )


def test_email_is_mandatory_for_guardians(client, guardian_letter):
    letter_login(client, "s.martin")
    response = client.post(FORM, form_data(email="", email2=""))
    assert response.status_code == 200
    assert "L'adresse électronique est obligatoire pour les responsables." in text(response)
    assert User.objects.get(username="s.martin").state == User.State.PROVISIONAL


def test_pupil_without_email_is_active_at_once_with_recovery_off(client, pupil_letter):
    from accounts.selectors import email_is_confirmed

    letter_login(client, "l.durand")
    response = client.post(FORM, form_data(email="", email2="", birth_date="2013-01-30"))
    assert response.status_code == 302
    account = User.objects.get(username="l.durand")
    assert account.state == User.State.ACTIVE
    assert not email_is_confirmed(account)
    assert mail.outbox == []


def test_pupil_with_email_may_use_services_before_confirming(
    client, pupil_letter, django_capture_on_commit_callbacks
):
    letter_login(client, "l.durand")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            FORM,
            form_data(email="lea@example.org", email2="lea@example.org", birth_date="30/01/2013"),
        )
    account = User.objects.get(username="l.durand")
    assert account.state == User.State.ACTIVE
    assert len(mail.outbox) == 1
    response = client.get(reverse("portal:dashboard"))
    assert response.get("Location") != reverse("activation:awaiting_email")


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("court1A", "au moins 8 caractères"),
        ("toutenminuscules", "il manque : une majuscule, un chiffre"),
        ("Password123", "trop courant"),
        ("Smartin2026", "trop semblable"),
    ],
)
def test_each_failed_password_rule_is_named(client, guardian_letter, password, expected):
    letter_login(client, "s.martin")
    response = client.post(FORM, form_data(new_password1=password, new_password2=password))
    assert response.status_code == 200
    assert expected in text(response)


def test_mismatched_confirmations_are_named(client, guardian_letter):
    letter_login(client, "s.martin")
    page = text(
        client.post(FORM, form_data(new_password2="Autre!2026x", email2="autre@example.org"))
    )
    assert "Les deux mots de passe ne sont pas identiques." in page
    assert "Les deux adresses électroniques ne sont pas identiques." in page


def test_wrong_birth_date_says_so_and_counts_down(client, guardian_letter):
    letter_login(client, "s.martin")
    page = text(client.post(FORM, form_data(birth_date="18/05/2013")))
    assert "La date de naissance ne correspond pas" in page and "il vous reste 4 essais" in page
    assert User.objects.get(username="s.martin").state == User.State.PROVISIONAL


def test_five_wrong_birth_dates_lock_the_letter_for_15_minutes(
    client, guardian_letter, secretariat
):
    letter_login(client, "s.martin")
    for _ in range(4):
        client.post(FORM, form_data(birth_date="01/01/2013"))
    response = client.post(FORM, form_data(birth_date="01/01/2013"))
    assert response.status_code == 423
    assert "Trop d'essais" in text(response)
    lock = FirstConnectionLock.objects.get()
    assert lock.letter == guardian_letter and lock.reason == FirstConnectionLock.Reason.ACCOUNT
    assert timezone.now() + datetime.timedelta(minutes=14) < lock.locked_until
    # Even the right date is refused while locked.
    response = client.post(FORM, form_data())
    assert response.status_code == 423
    assert User.objects.get(username="s.martin").state == User.State.PROVISIONAL
    # The secretariat sees it.
    client.force_login(secretariat)
    page = text(client.get(reverse("admin:activation_dashboard")))
    assert "s.martin" in page and "Trop d'essais sur ce compte" in page


def test_lock_expires_after_15_minutes(client, guardian_letter, monkeypatch):
    letter_login(client, "s.martin")
    for _ in range(5):
        client.post(FORM, form_data(birth_date="01/01/2013"))
    later = timezone.now() + datetime.timedelta(minutes=16)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    response = client.post(FORM, form_data())
    assert response.status_code == 302


def test_the_ip_is_locked_too_whatever_the_account(client, establishment):
    letters = [
        LetterFactory(
            pupil__establishment=establishment,
            pupil__birth_date=datetime.date(2013, 1, 1),
            account__username=f"e.eleve{i}",
        )
        for i in range(3)
    ]
    tries = 0
    for letter in letters:
        client.logout()
        letter_login(client, letter.identifier)
        for _ in range(2):
            if tries < 5:
                response = client.post(
                    FORM, form_data(email="", email2="", birth_date="02/02/2012")
                )
                tries += 1
    assert response.status_code == 423
    assert FirstConnectionLock.objects.filter(
        reason=FirstConnectionLock.Reason.IP, ip_address="127.0.0.1"
    ).exists()


def test_expired_letter_leads_to_a_contact_the_school_page(client, guardian_letter, monkeypatch):
    later = guardian_letter.expires_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    response = letter_login(client, "s.martin")
    assert response.status_code == 302 and response["Location"] == reverse(
        "activation:letter_invalid"
    )
    page = text(client.get(response["Location"]))
    assert "n'est plus valable" in page and "Contactez le secrétariat" in page
    assert "expir" not in page.lower().split("courrier de notification n'est plus valable")[0]


def test_expired_letter_on_the_portal_login_page_too(client, guardian_letter, monkeypatch):
    later = guardian_letter.expires_at + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    response = client.post(
        reverse("portal:login_educonnect"), {"login": "s.martin", "password": LETTER_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "activation:letter_invalid"
    )


def test_used_letter_cannot_be_used_again(client, guardian_letter):
    letter_login(client, "s.martin")
    client.post(FORM, form_data())
    client.logout()
    response = letter_login(client, "s.martin")
    assert response["Location"] == reverse("activation:letter_invalid")


def test_a_letter_that_expires_during_the_form_is_refused(client, guardian_letter, monkeypatch):
    guardian_letter.expires_at = timezone.now() + datetime.timedelta(minutes=1)
    guardian_letter.save(update_fields=["expires_at"])
    letter_login(client, "s.martin")
    later = timezone.now() + datetime.timedelta(minutes=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    response = client.post(FORM, form_data())
    assert response["Location"] == reverse("activation:letter_invalid")
    assert User.objects.get(username="s.martin").state == User.State.PROVISIONAL


def test_the_service_lets_only_one_of_two_uses_win(guardian_letter):
    """Sequential check of the arbiter (the threaded version runs on PostgreSQL)."""
    from activation.services.first_connection import LetterUnusable, first_connection_complete

    account = guardian_letter.account
    kwargs = {
        "letter_id": guardian_letter.pk,
        "password": NEW_PASSWORD,
        "email": "a@example.org",
        "birth_date": datetime.date(2013, 5, 17),
    }
    first_connection_complete(account=account, **kwargs)
    with pytest.raises(LetterUnusable):
        first_connection_complete(account=User.objects.get(pk=account.pk), **kwargs)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real row locks need PostgreSQL")
def test_two_simultaneous_first_connections_with_the_same_letter_one_wins(establishment):
    from activation.services.first_connection import LetterUnusable, first_connection_complete

    account = ProvisionalUserFactory(username="s.martin", profile=User.Profile.PARENT)
    letter = LetterFactory(
        pupil__establishment=establishment,
        pupil__birth_date=datetime.date(2013, 5, 17),
        account=account,
        kind="guardian",
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(email):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            first_connection_complete(
                account=User.objects.get(pk=account.pk),
                letter_id=letter.pk,
                password=NEW_PASSWORD + email[0],
                email=email,
                birth_date=datetime.date(2013, 5, 17),
            )
            outcomes.append(("won", email))
        except LetterUnusable:
            outcomes.append(("lost", email))
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=attempt, args=(e,)) for e in ("a@example.org", "b@example.org")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o[0] for o in outcomes) == ["lost", "won"]
    winner = next(o[1] for o in outcomes if o[0] == "won")
    account.refresh_from_db()
    assert account.email == winner
    assert connection.vendor == "postgresql"


def test_the_pupil_form_speaks_to_the_pupil_not_to_a_parent(client, pupil_letter):
    letter_login(client, "l.durand")

    page = text(client.get(FORM))

    assert "Votre enfant" not in page
    assert "Votre identité : " in page


def test_the_guardian_form_names_the_child(client, guardian_letter):
    letter_login(client, "s.martin")

    assert "Votre enfant : Dylan" in text(client.get(FORM))
