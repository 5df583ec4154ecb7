"""Secretariat prints a letter → the PDF holds the credentials → the guardian activates the
account → confirms the e-mail → lands on Mes applications. In Debian's chromium, with screenshots."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from accounts.models import User
from activation.models import Letter

from .conftest import pdf_credentials

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "Parent!Poitiers86"


def test_secretariat_prints_a_letter_and_a_guardian_activates_the_account(
    live_server, browser_page, screenshot, school, secretariat, tmp_path
):
    page = browser_page

    # 1. The secretariat generates the letters of class 5 B.
    # The admin sits behind the staff OTP passcode (tested by its owner): the secretariat's
    # session is opened the way the test client does it, then handed to the browser.
    staff = Client()
    staff.force_login(secretariat)
    cookie = staff.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto(live_server.url + "/admin/activation/letterbatch/add/")
    expect(
        page.get_by_role("heading", name="Générer des courriers de notification")
    ).to_be_visible()
    page.get_by_label("Une classe").check()
    page.locator("#id_division").select_option(label="5 B")
    screenshot(page, "secretariat-generer")
    page.get_by_role("button", name="Générer les courriers").click()

    # 2. Progress page: done (eager task), PDF ready.
    expect(page.locator("#batch-status")).to_have_text("Terminé")
    screenshot(page, "secretariat-lot-termine")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF à imprimer").click()
    pdf_path = tmp_path / "courriers.pdf"
    download_info.value.save_as(pdf_path)

    # 3. The PDF's own text holds the identifier and the temporary password.
    credentials = pdf_credentials(pdf_path)
    assert "s.martin" in credentials
    temporary = credentials["s.martin"]
    assert Letter.objects.filter(identifier="s.martin").count() == 1
    page.context.clear_cookies()  # the guardian is someone else, on another computer

    # 4. The guardian logs in with the letter on the EduConnect-style page.
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(temporary)
    screenshot(page, "parent-connexion-courrier")
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Première connexion")).to_be_visible()
    expect(page.locator("#regle-mot-de-passe")).to_contain_text("3 des 4 critères")

    # 5. A wrong birth date first: clearly refused.
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("#id_email").fill("sophie.martin@example.org")
    page.locator("#id_email2").fill("sophie.martin@example.org")
    page.locator("#id_birth_date").fill("2013-05-18")
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_text("La date de naissance ne correspond pas")).to_be_visible()
    screenshot(page, "parent-date-erronee")

    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("#id_birth_date").fill("2013-05-17")
    screenshot(page, "parent-premiere-connexion")
    page.get_by_role("button", name="VALIDER").click()

    # 6. Waiting for the e-mail; the services are closed until then.
    expect(page.get_by_role("heading", name="Compte en attente de validation")).to_be_visible()
    screenshot(page, "parent-en-attente")
    page.goto(live_server.url + "/mes-applications/")
    expect(page.get_by_role("heading", name="Compte en attente de validation")).to_be_visible()

    # 7. The mail arrived; the guardian clicks its link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Message des services en ligne - Activation de votre compte"
    link = re.search(r"https?://[^/\s]+(/compte/valider-adresse-mail/\S+/)", message.body).group(1)
    page.goto(live_server.url + link)
    expect(page.get_by_text("Votre compte a été validé")).to_be_visible()
    screenshot(page, "parent-compte-valide")
    page.get_by_role("link", name="ACCÉDER AUX SERVICES").click()

    # 8. Charter (first visit of the ENT), then Mes applications.
    if "/charte/" in page.url:
        screenshot(page, "parent-charte")
        page.locator("label[for=id_accept]").click()
        page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    screenshot(page, "parent-mes-applications")
    assert User.objects.get(username="s.martin").state == User.State.ACTIVE
