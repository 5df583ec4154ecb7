"""The Django admin requires staff to have enrolled a TOTP and to have typed a passcode."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client

from accounts.models import AuditEvent
from staff_otp.services import SESSION_VERIFIED_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.real_admin_otp]

PASSCODE = "/comptes/securite/passecode/"
ADMIN_PAGE = "/admin/accounts/pupil/"


def test_admin_login_is_the_academic_login(client):
    response = client.get("/admin/login/?next=/admin/accounts/pupil/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/academique/?next=%2Fadmin%2Faccounts%2Fpupil%2F"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"].endswith(
        "next=%2Fadmin%2F"
    )


def test_non_staff_never_reach_the_admin_login(client, teacher):
    client.force_login(teacher)
    assert client.get("/admin/login/").status_code == 403


def test_staff_without_totp_are_sent_to_enrol(client, staff_admin):
    client.force_login(staff_admin)
    response = client.get(ADMIN_PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/securite/?next=%2Fadmin%2Faccounts%2Fpupil%2F"
    page = client.get(response["Location"]).content.decode()
    assert "administration demande un passecode OTP" in page
    assert "Activer le passecode OTP" in page


def test_staff_logged_in_with_a_password_type_the_passcode_first(
    client, staff_admin, staff_totp, password
):
    client.post("/connexion/academique/", {"login": "a.secretariat", "password": password})
    response = client.get(ADMIN_PAGE)
    assert response["Location"] == f"{PASSCODE}?next=%2Fadmin%2Faccounts%2Fpupil%2F"

    wrong = client.post(PASSCODE, {"code": "123456", "next": ADMIN_PAGE})
    assert wrong.status_code == 200
    assert "Passecode incorrect ou déjà utilisé" in wrong.content.decode()
    assert client.get(ADMIN_PAGE).status_code == 302

    right = client.post(PASSCODE, {"code": staff_totp.now(), "next": ADMIN_PAGE})
    assert right.status_code == 302 and right["Location"] == ADMIN_PAGE
    assert client.get(ADMIN_PAGE).status_code == 200
    assert AuditEvent.objects.filter(action="otp_verified", actor=staff_admin).exists()


def test_logging_in_with_a_passcode_opens_the_admin_at_once(client, staff_admin, staff_totp):
    response = client.post(
        "/connexion/academique/?next=/admin/accounts/pupil/",
        {"login": "a.secretariat", "password": staff_totp.now()},
    )
    assert response["Location"] == ADMIN_PAGE
    assert client.get(ADMIN_PAGE).status_code == 200


def test_a_recovery_code_works_once(client, staff_admin, staff_totp):
    recovery = RecoveryCodes.activate(staff_admin)
    code = recovery.get_unused_codes()[0]
    client.force_login(staff_admin)
    assert client.post(PASSCODE, {"code": code, "next": ADMIN_PAGE}).status_code == 302

    second = Client()
    second.force_login(staff_admin)
    assert second.post(PASSCODE, {"code": code, "next": ADMIN_PAGE}).status_code == 200
    assert SESSION_VERIFIED_KEY not in second.session


def test_passcode_check_is_rate_limited(client, staff_admin, staff_totp):
    client.force_login(staff_admin)
    for _ in range(5):
        client.post(PASSCODE, {"code": "000000"})
    response = client.post(PASSCODE, {"code": staff_totp.now()})
    assert response.status_code == 429
    assert "Trop de passecodes incorrects" in response.content.decode()
    assert SESSION_VERIFIED_KEY not in client.session


def test_next_never_leaves_the_site(client, staff_admin, staff_totp):
    client.force_login(staff_admin)
    response = client.post(PASSCODE, {"code": staff_totp.now(), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_the_gate_costs_no_query_once_the_passcode_is_typed(
    client, staff_admin, staff_totp, settings, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_admin)
    client.post(PASSCODE, {"code": staff_totp.now()})
    with CaptureQueriesContext(connection) as gated:
        assert client.get(ADMIN_PAGE).status_code == 200
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "staff_otp.middleware.StaffOTPMiddleware"
    ]
    with CaptureQueriesContext(connection) as ungated:
        assert client.get(ADMIN_PAGE).status_code == 200
    assert len(gated) == len(ungated)


def test_deactivating_totp_closes_the_admin_again(client, staff_admin, staff_totp, password):
    client.post("/connexion/academique/", {"login": "a.secretariat", "password": staff_totp.now()})
    assert client.get(ADMIN_PAGE).status_code == 200
    client.post("/comptes/reauthenticate/", {"password": password})
    assert client.post("/comptes/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=staff_admin, type="totp").exists()
    assert client.get(ADMIN_PAGE)["Location"].startswith("/comptes/securite/")


@pytest.mark.django_db(transaction=True)  # allauth announces the enrolment on commit
def test_superuser_from_createsuperuser_enrols_on_first_visit(client):
    from accounts.models import User

    User.objects.create_superuser("admin", "admin@example.org", "Admin!Poitiers86")
    client.post("/connexion/academique/", {"login": "admin", "password": "Admin!Poitiers86"})
    assert client.get("/admin/")["Location"] == "/comptes/securite/?next=%2Fadmin%2F"
    client.post("/comptes/reauthenticate/", {"password": "Admin!Poitiers86"})
    page = client.get("/comptes/2fa/totp/activate/")
    secret = page.context["form"].secret
    client.post("/comptes/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/admin/").status_code == 200


def test_a_verified_session_does_not_verify_another_browser(client, staff_admin, staff_totp):
    client.force_login(staff_admin)
    client.post(PASSCODE, {"code": staff_totp.now()})
    assert client.get(ADMIN_PAGE).status_code == 200

    other = Client()
    other.force_login(staff_admin)
    assert other.get(ADMIN_PAGE)["Location"].startswith(PASSCODE)


def test_authenticators_and_franceconnect_links_are_for_superusers_only(
    client, staff_admin, staff_totp
):
    from django.contrib.auth.models import Permission

    staff_admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["mfa", "socialaccount"])
    )
    client.force_login(staff_admin)
    client.post(PASSCODE, {"code": staff_totp.now()})
    assert client.get("/admin/mfa/authenticator/").status_code == 403
    assert client.get("/admin/socialaccount/socialaccount/").status_code == 403
    assert client.get("/admin/socialaccount/socialtoken/").status_code == 404
