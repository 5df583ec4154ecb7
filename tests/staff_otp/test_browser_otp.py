"""A teacher logs in with a TOTP passcode; a secretary reaches the admin only after the passcode.
In Debian's chromium, with screenshots."""

import re

import pyotp
import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from accounts.models import AuditEvent
from tests.factories import totp_enrol

pytestmark = [
    pytest.mark.browser,
    pytest.mark.real_admin_otp,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def test_teacher_logs_in_with_an_otp_passcode(live_server, browser_page, screenshot, teacher):
    totp = pyotp.TOTP(totp_enrol(teacher))
    page = browser_page
    page.goto(live_server.url + "/connexion/academique/?profil=enseignant")
    page.get_by_label("Identifiant").fill("j.prof")
    page.get_by_label("Mot de passe ou passecode OTP").fill(totp.now())
    screenshot(page, "passecode-saisi")
    page.get_by_role("button", name="Valider").click()

    expect(page).to_have_url(re.compile(r"/charte/"))
    page.locator("label[for=id_accept]").click()
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    screenshot(page, "mes-applications")
    assert AuditEvent.objects.filter(action="otp_login", actor=teacher).count() == 1


def test_secretary_enrols_then_types_the_passcode_for_the_admin(
    live_server, browser_page, screenshot, secretary, password
):
    secretary.user_permissions.add(Permission.objects.get(codename="view_pupil"))
    page = browser_page

    # First visit to the admin: the academic login, then the enrolment.
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Authentifiez-vous")).to_be_visible()
    page.get_by_label("Identifiant").fill("a.secretariat")
    page.get_by_label("Mot de passe ou passecode OTP").fill(password)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Passecode OTP non activé")).to_be_visible()
    screenshot(page, "securite-non-active")
    page.get_by_role("link", name="Activer le passecode OTP").click()
    expect(page.get_by_role("heading", name="Confirmez votre mot de passe")).to_be_visible()
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator("#totp-qr")).to_be_visible()
    screenshot(page, "qr-code")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.get_by_label("Code à 6 chiffres").fill(totp.now())
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Codes de secours")).to_be_visible()
    screenshot(page, "codes-de-secours")
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("link", name="Élèves").first).to_be_visible()

    # Another day, another browser: logged in with the password, the admin asks for the passcode.
    page.context.clear_cookies()
    page.goto(live_server.url + "/connexion/academique/")
    page.get_by_label("Identifiant").fill("a.secretariat")
    page.get_by_label("Mot de passe ou passecode OTP").fill(password)
    page.get_by_role("button", name="Valider").click()
    page.goto(live_server.url + "/admin/accounts/pupil/")
    expect(page.get_by_role("heading", name="Vérification du passecode OTP")).to_be_visible()
    screenshot(page, "verification-passecode")
    from staff_otp import services

    services_now = services.now()
    next_code = totp.at(services_now + 30)  # the enrolment spent the current step
    page.get_by_label("Passecode OTP").fill(next_code)
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(re.compile(r"/admin/accounts/pupil/"))
    screenshot(page, "admin-eleves")
