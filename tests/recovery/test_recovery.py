"""Identifiant oublié / Mot de passe oublié: confirmed channels only, same answer for everyone."""

import datetime
import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Guardian, User
from activation.models import SmsCode
from core.phones import normalize_phone
from recovery.models import PasswordResetToken
from tests.factories import DEFAULT_PASSWORD, GuardianFactory, UserFactory

from .conftest import MOBILE, last_code

pytestmark = pytest.mark.django_db

IDENTIFIER = reverse("recovery:identifier_forgotten")
PASSWORD = reverse("recovery:password_forgotten")
PASSWORD_CODE = reverse("recovery:password_code")
NEW_PASSWORD = "Nouveau-Depart-26!"


@pytest.fixture
def parent(establishment):
    """An active parent with a confirmed e-mail address and a mobile recorded by the school."""
    account = UserFactory(
        username="s.martin",
        first_name="Sophie",
        last_name="Martin",
        email="sophie.martin@example.org",
    )
    EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
    GuardianFactory(
        establishment=establishment,
        account=account,
        last_name="MARTIN",
        first_name="Sophie",
        phone_mobile=MOBILE,
    )
    return account


@pytest.fixture
def parent_without_confirmed_email(establishment):
    account = UserFactory(username="l.durand", email="l.durand@example.org")
    GuardianFactory(establishment=establishment, account=account, phone_mobile="+33698765432")
    return account


def page(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def post(client, on_commit, url, data, **extra):
    with on_commit():
        return client.post(url, data, **extra)


# --- Identifiant oublié -------------------------------------------------------------------------


def test_login_page_links_lead_to_the_recovery_pages(client):
    assert client.get(reverse("portal:forgotten_identifier"))["Location"] == IDENTIFIER
    assert client.get(reverse("portal:forgotten_password"))["Location"] == PASSWORD
    assert "Identifiant oublié ?" in client.get(IDENTIFIER).content.decode()


def test_identifier_sent_by_email_to_a_confirmed_address_never_shown(client, parent, on_commit):
    response = post(
        client, on_commit, IDENTIFIER, {"channel": "email", "email": "Sophie.Martin@example.org"}
    )
    assert response["Location"] == reverse("recovery:identifier_sent")
    assert "s.martin" not in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["sophie.martin@example.org"]
    assert "Votre identifiant : s.martin" in message.body


def test_identifier_not_sent_to_an_unconfirmed_address(
    client, parent_without_confirmed_email, on_commit
):
    response = post(
        client, on_commit, IDENTIFIER, {"channel": "email", "email": "l.durand@example.org"}
    )
    assert response["Location"] == reverse("recovery:identifier_sent")
    assert mail.outbox == []


def test_identifier_sent_by_sms_to_the_recorded_mobile(client, parent, sms_outbox, on_commit):
    response = post(client, on_commit, IDENTIFIER, {"channel": "sms", "phone": "06 12 34 56 78"})
    assert response["Location"] == reverse("recovery:identifier_sent")
    assert [(m.to, "s.martin" in m.text) for m in sms_outbox] == [(MOBILE, True)]


def test_a_reunion_mobile_typed_nationally_finds_the_recorded_one(
    client, parent, sms_outbox, on_commit
):
    """The roster import stores "0692 12 34 56" as +262692123456; the parent types it nationally."""
    Guardian.objects.filter(account=parent).update(
        phone_mobile=normalize_phone("0692 12 34 56").e164
    )
    response = post(client, on_commit, IDENTIFIER, {"channel": "sms", "phone": "0692 12 34 56"})
    assert response["Location"] == reverse("recovery:identifier_sent")
    assert [(m.to, "s.martin" in m.text) for m in sms_outbox] == [("+262692123456", True)]


@pytest.mark.parametrize(
    ("known", "unknown"),
    [
        (
            {"channel": "email", "email": "sophie.martin@example.org"},
            {"channel": "email", "email": "x@example.org"},
        ),
        (
            {"channel": "sms", "phone": "06 12 34 56 78"},
            {"channel": "sms", "phone": "06 11 11 11 11"},
        ),
    ],
)
def test_identifier_pages_are_the_same_whether_the_account_exists(
    client, parent, on_commit, known, unknown
):
    a, b = post(client, on_commit, IDENTIFIER, known), post(client, on_commit, IDENTIFIER, unknown)
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    assert page(client.get(a["Location"])) == page(client.get(b["Location"]))


def test_identifier_requests_are_rate_limited_per_ip(client, parent, settings, on_commit):
    settings.CARTABLE_LIMITS = {"requests_per_ip_hour": 2}
    for _ in range(2):
        post(client, on_commit, IDENTIFIER, {"channel": "email", "email": "x@example.org"})
    response = post(
        client, on_commit, IDENTIFIER, {"channel": "email", "email": "sophie.martin@example.org"}
    )
    assert response.status_code == 200 and "Trop de demandes" in response.content.decode()
    assert mail.outbox == []


# --- Mot de passe oublié par courriel -----------------------------------------------------------


def _link_from_mail() -> str:
    return re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)


def test_password_reset_by_email_link(client, parent, on_commit, django_user_model):
    other_device = client.__class__()
    other_device.force_login(parent)
    response = post(client, on_commit, PASSWORD, {"identifier": "S.Martin ", "channel": "email"})
    assert response["Location"] == reverse("recovery:password_link_sent")
    assert (
        mail.outbox[0].subject
        == "Message des services en ligne - Réinitialisation de votre mot de passe"
    )
    link = _link_from_mail()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert not PasswordResetToken.objects.filter(token_hash=token).exists()  # stored hashed

    text = client.get(link).content.decode()
    assert "Compte : <strong>s.martin</strong>" in text and "Au moins 8 caractères" in text
    with on_commit():
        response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("portal:login_educonnect")
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)
    # The other sessions are over, the user is told by mail, the action is audited.
    assert other_device.get(reverse("portal:dashboard")).status_code == 302
    assert (
        mail.outbox[-1].subject
        == "Message des services en ligne - Votre mot de passe a été modifié"
    )
    assert AuditEvent.objects.filter(
        action="educonnect.password_reset", target_id=str(parent.pk)
    ).exists()
    # Single use.
    assert client.get(link).status_code == 410
    assert (
        client.post(
            link, {"new_password1": "Encore-Autre-26!", "new_password2": "Encore-Autre-26!"}
        ).status_code
        == 410
    )


def test_password_reset_link_expires_after_an_hour_and_only_the_last_works(
    client, parent, on_commit
):
    post(client, on_commit, PASSWORD, {"identifier": "s.martin", "channel": "email"})
    first = _link_from_mail()
    post(client, on_commit, PASSWORD, {"identifier": "s.martin", "channel": "email"})
    second = _link_from_mail()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    later = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(second).status_code == 410
    parent.refresh_from_db()
    assert parent.check_password(DEFAULT_PASSWORD)


def test_no_link_to_an_unconfirmed_address(client, parent_without_confirmed_email, on_commit):
    post(client, on_commit, PASSWORD, {"identifier": "l.durand", "channel": "email"})
    assert mail.outbox == []


def test_password_reset_mails_are_limited_per_identifier(client, parent, on_commit):
    for attempt in range(4):
        post(
            client,
            on_commit,
            PASSWORD,
            {"identifier": "s.martin", "channel": "email"},
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
    assert len(mail.outbox) == 3


# --- Mot de passe oublié par SMS ----------------------------------------------------------------


def test_password_reset_by_sms_code(client, parent_without_confirmed_email, sms_outbox, on_commit):
    account = parent_without_confirmed_email
    response = post(client, on_commit, PASSWORD, {"identifier": "l.durand", "channel": "sms"})
    assert response["Location"] == PASSWORD_CODE
    assert [m.to for m in sms_outbox] == ["+33698765432"]
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    text = client.post(
        PASSWORD_CODE, {"code": wrong, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    ).content.decode()
    assert "Ce code ne correspond pas." in text and "il vous reste 2 essais" in text
    with on_commit():
        response = client.post(
            PASSWORD_CODE,
            {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    assert response["Location"] == reverse("portal:login_educonnect")
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    # No confirmed e-mail: the notification goes by SMS.
    assert "a été modifié" in sms_outbox[-1].text
    # Replay of the same code.
    sms_code = SmsCode.objects.get(purpose=SmsCode.Purpose.PASSWORD_RESET)
    assert sms_code.used_at is not None
    client.post(PASSWORD, {"identifier": "l.durand", "channel": "sms"})
    client.session.save()
    session = client.session
    session["educonnect_reset"] = {"code_id": sms_code.pk}
    session.save()
    text = client.post(
        PASSWORD_CODE,
        {"code": code, "new_password1": "Encore-Autre-26!", "new_password2": "Encore-Autre-26!"},
    ).content.decode()
    assert "Code plus valable" in text
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)


def test_sms_code_for_reset_expires(client, parent, on_commit):
    post(client, on_commit, PASSWORD, {"identifier": "s.martin", "channel": "sms"})
    code = last_code()
    later = timezone.now() + datetime.timedelta(minutes=11)
    with mock.patch("django.utils.timezone.now", return_value=later):
        text = client.post(
            PASSWORD_CODE,
            {"code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ).content.decode()
    assert "Code plus valable" in text
    parent.refresh_from_db()
    assert parent.check_password(DEFAULT_PASSWORD)


def test_sms_reset_names_the_failed_password_rules(client, parent, on_commit):
    post(client, on_commit, PASSWORD, {"identifier": "s.martin", "channel": "sms"})
    text = client.post(
        PASSWORD_CODE, {"code": last_code(), "new_password1": "court", "new_password2": "court"}
    ).content.decode()
    assert "au moins 8 caractères" in text


def test_pupil_without_mobile_gets_no_sms(client, establishment, sms_outbox, on_commit):
    UserFactory(username="d.martin", profile=User.Profile.ELEVE)
    response = post(client, on_commit, PASSWORD, {"identifier": "d.martin", "channel": "sms"})
    assert response["Location"] == PASSWORD_CODE
    assert sms_outbox == []
    # No code was sent, yet wrong codes count down exactly as for a real one.
    data = {"code": "123456", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert "il vous reste 2 essais" in client.post(PASSWORD_CODE, data).content.decode()
    assert "il vous reste 1 essai" in client.post(PASSWORD_CODE, data).content.decode()
    assert "Code plus valable" in client.post(PASSWORD_CODE, data).content.decode()


@pytest.mark.parametrize("name", ["recovery:identifier_sent", "recovery:password_link_sent"])
def test_the_sent_pages_have_one_way_back_to_the_login(client, db, name):
    page = client.get(reverse(name)).content.decode()

    assert page.count("Revenir à la") == 1
