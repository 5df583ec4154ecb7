"""Enrolment from "Mon compte personnel — sécurité": QR code, encrypted secret, recovery codes."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import AuditEvent
from staff_otp import crypto
from staff_otp.services import SESSION_VERIFIED_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.real_admin_otp]

SECURITY = "/comptes/securite/"
ACTIVATE = "/comptes/2fa/totp/activate/"


@pytest.fixture
def teacher_client(client, teacher, password):
    """A logged-in teacher who has just confirmed the password, as allauth asks before enrolling."""
    client.force_login(teacher)
    response = client.get(ACTIVATE)
    assert (
        response["Location"]
        == "/comptes/reauthenticate/?next=%2Fcomptes%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert "Confirmez votre mot de passe" in client.get(response["Location"]).content.decode()
    assert client.post("/comptes/reauthenticate/", {"password": password}).status_code == 302
    return client


def _secret_from(page: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)


def test_security_page_invites_staff_to_enrol(teacher_client):
    page = teacher_client.get(SECURITY).content.decode()
    assert "Passecode OTP non activé" in page
    assert f'href="{ACTIVATE}"' in page


@pytest.mark.django_db(transaction=True)  # allauth announces the enrolment on commit
def test_enrolment_shows_a_qr_code_and_stores_the_secret_encrypted(teacher_client, teacher):
    page = teacher_client.get(ACTIVATE).content.decode()
    assert 'id="totp-qr" src="data:image/svg+xml;base64,' in page
    secret = _secret_from(page)

    assert SESSION_VERIFIED_KEY not in teacher_client.session
    response = teacher_client.post(ACTIVATE, {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    stored = Authenticator.objects.get(user=teacher, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("fernet:") and secret not in stored
    assert crypto.decrypt(stored) == secret
    assert teacher_client.session[SESSION_VERIFIED_KEY] is True
    assert AuditEvent.objects.filter(action="otp_enrolled", actor=teacher).exists()

    codes = teacher_client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Codes de secours" in codes
    assert len(re.findall(r"<li>\d{8}</li>", codes)) == 10
    assert "Passecode OTP activé" in teacher_client.get(SECURITY).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_enrolment_code_cannot_log_in_again(teacher_client, teacher):
    secret = _secret_from(teacher_client.get(ACTIVATE).content.decode())
    code = pyotp.TOTP(secret).now()
    teacher_client.post(ACTIVATE, {"code": code})

    other = teacher_client.__class__()
    assert (
        other.post("/connexion/academique/", {"login": "j.prof", "password": code}).status_code
        == 200
    )


def test_a_wrong_code_enrols_nothing(teacher_client, teacher):
    _secret_from(teacher_client.get(ACTIVATE).content.decode())
    response = teacher_client.post(ACTIVATE, {"code": "000000"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert not Authenticator.objects.filter(user=teacher).exists()


def test_the_qr_code_is_a_standard_totp_uri(teacher_client, teacher):
    response = teacher_client.get(ACTIVATE)
    uri = response.context["totp_url"]
    totp = pyotp.parse_uri(uri)
    assert (totp.digits, totp.interval, totp.issuer, totp.name) == (6, 30, "Cartable", "j.prof")
    assert totp.secret == _secret_from(response.content.decode())


def test_parents_have_no_passcode_pages(client, parent_with_children):
    client.force_login(parent_with_children)
    assert client.get(SECURITY).status_code == 404
    assert client.get(ACTIVATE).status_code == 404
    assert client.get("/comptes/2fa/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(SECURITY).status_code == 302


def test_secrets_encrypted_with_another_key_do_not_decrypt(settings):
    stored = crypto.encrypt("JBSWY3DPEHPK3PXP")
    settings.CARTABLE_OTP_KEY = "une-autre-cle"
    with pytest.raises(ValueError):
        crypto.decrypt(stored)
    with pytest.raises(ValueError):
        crypto.decrypt("JBSWY3DPEHPK3PXP")  # never accept a clear secret
