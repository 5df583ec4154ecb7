""" "Mot de passe ou passecode OTP" on the academic login form."""

import pyotp
import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from accounts.models import AuditEvent
from staff_otp.services import SESSION_VERIFIED_KEY
from tests.factories import totp_enrol

pytestmark = pytest.mark.django_db

ACADEMIC = "/connexion/academique/"
EDUCONNECT = "/connexion/eleve-parent/"
REFUSED = "Identifiant ou mot de passe incorrect."
TOO_MANY = "Trop de tentatives de connexion ont échoué"


def login(client, username, secret, page=ACADEMIC):
    return client.post(page, {"login": username, "password": secret})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_field_is_labelled_password_or_passcode(client):
    assert "Mot de passe ou passecode OTP" in client.get(ACADEMIC).content.decode()


def test_a_current_passcode_logs_a_teacher_in(client, teacher, teacher_totp, clock):
    response = login(client, "j.prof", teacher_totp.at(clock()))

    assert response.status_code == 302
    assert logged_in(client)
    assert client.session[SESSION_VERIFIED_KEY] is True
    assert AuditEvent.objects.filter(action="otp_login", actor=teacher).exists()


def test_pyotp_codes_with_spaces_are_accepted(client, teacher, teacher_totp, clock):
    code = teacher_totp.at(clock())
    assert login(client, "j.prof", f"{code[:3]} {code[3:]}").status_code == 302


def test_a_used_passcode_cannot_be_replayed(client, teacher, teacher_totp, clock):
    code = teacher_totp.at(clock())
    assert login(client, "j.prof", code).status_code == 302

    other_browser = client.__class__()
    response = login(other_browser, "j.prof", code)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not logged_in(other_browser)


def test_an_older_step_than_the_last_used_is_refused(client, teacher, teacher_totp, clock):
    previous = teacher_totp.at(clock() - 30)
    assert login(client, "j.prof", teacher_totp.at(clock())).status_code == 302
    # The previous step's code is still inside the tolerance window, but older than the one used.
    assert login(client.__class__(), "j.prof", previous).status_code == 200


def test_a_passcode_expires_after_the_tolerance_window(client, teacher, teacher_totp, clock):
    code = teacher_totp.at(clock())
    clock.travel(30)  # next step: a code typed just as it changed still works…
    assert login(client, "j.prof", code).status_code == 302

    code = teacher_totp.at(clock())
    clock.travel(90)  # …three steps later it does not.
    response = login(client.__class__(), "j.prof", code)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()


def test_the_next_step_code_works_after_a_used_one(client, teacher, teacher_totp, clock):
    assert login(client, "j.prof", teacher_totp.at(clock())).status_code == 302
    clock.travel(30)
    assert login(client.__class__(), "j.prof", teacher_totp.at(clock())).status_code == 302


def test_the_password_still_works_for_an_enrolled_teacher_without_the_admin_mark(
    client, teacher, teacher_totp, password
):
    assert login(client, "j.prof", password).status_code == 302
    assert logged_in(client)
    assert SESSION_VERIFIED_KEY not in client.session


def test_wrong_passcode_and_passcode_without_enrolment_look_like_a_wrong_password(
    client, teacher, secretary, teacher_totp, clock
):
    wrong = f"{(int(teacher_totp.at(clock())) + 1) % 1_000_000:06d}"
    assert REFUSED in login(client, "j.prof", wrong).content.decode()
    # The secretary has no authenticator: a TOTP of someone else's secret is just a wrong password.
    assert REFUSED in login(client, "a.secretariat", teacher_totp.at(clock())).content.decode()
    assert not logged_in(client)


def test_parents_and_pupils_never_log_in_with_a_passcode(client, parent_with_children, clock):
    totp = pyotp.TOTP(totp_enrol(parent_with_children))
    response = login(client, "s.martin", totp.at(clock()), page=EDUCONNECT)
    assert REFUSED in response.content.decode()
    assert not logged_in(client)


def test_failed_passcodes_are_rate_limited_like_passwords(client, teacher, teacher_totp, clock):
    wrong = f"{(int(teacher_totp.at(clock())) + 7) % 1_000_000:06d}"
    for _ in range(5):
        assert REFUSED in login(client, "j.prof", wrong).content.decode()

    response = login(client, "j.prof", teacher_totp.at(clock()))

    assert TOO_MANY in response.content.decode()
    assert not logged_in(client)


def test_a_day_of_failed_passcodes_closes_the_passcode_path_not_the_password(
    teacher, teacher_totp, clock, password
):
    # The backend directly: allauth's 5-per-5-minutes limit would stop a form well before.
    request = RequestFactory().post(ACADEMIC)
    wrong = f"{(int(teacher_totp.at(clock())) + 3) % 1_000_000:06d}"
    for _ in range(10):
        assert authenticate(request, username="j.prof", password=wrong) is None

    assert authenticate(request, username="j.prof", password=teacher_totp.at(clock())) is None
    assert authenticate(request, username="j.prof", password=password) == teacher
