"""A parent resets a forgotten password by e-mail, in Debian's chromium, with screenshots."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]

NEW_PASSWORD = "Nouveau!Depart86"


def test_parent_resets_password_by_email(
    live_server, browser_page, screenshot, establishment, settings
):
    settings.CARTABLE_PUBLIC_URL = live_server.url
    account = UserFactory(
        username="s.martin",
        first_name="Sophie",
        last_name="Martin",
        email="sophie.martin@example.org",
        accepted_charter_version=1,
    )
    EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
    guardian = GuardianFactory(
        establishment=establishment, account=account, last_name="MARTIN", first_name="Sophie"
    )
    GuardianLinkFactory(
        pupil=PupilFactory(establishment=establishment, first_name="Dylan"), guardian=guardian
    )

    page = browser_page
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié ?")).to_be_visible()
    page.get_by_label("Identifiant").fill("s.martin")
    page.get_by_label("Un lien par courriel").check()
    screenshot(page, "mot-de-passe-oublie")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Demande prise en compte")).to_be_visible()
    screenshot(page, "courriel-envoye")

    (message,) = mail.outbox
    link = re.search(r"(http://\S+/mot-de-passe-oublie/lien/\S+/)", message.body).group(1)
    page.goto(link)
    expect(page.get_by_text("Compte : s.martin")).to_be_visible()
    page.get_by_label("Nouveau mot de passe").fill("court")
    page.get_by_label("Confirmation du mot de passe").fill("court")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("au moins 8 caractères").first).to_be_visible()
    screenshot(page, "regle-nommee")
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Valider").click()

    expect(page.get_by_text("Votre mot de passe a été modifié.")).to_be_visible()
    screenshot(page, "mot-de-passe-modifie")
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    screenshot(page, "mes-applications")
    assert (
        mail.outbox[-1].subject
        == "Message des services en ligne - Votre mot de passe a été modifié"
    )
    assert User.objects.get(username="s.martin").check_password(NEW_PASSWORD)
