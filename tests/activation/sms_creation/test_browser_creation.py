"""A parent creates an EduConnect account by SMS and sees both children, from two collèges.
In Debian's chromium, with screenshots; the SMS is read from the in-memory backend."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Guardian, User

from .conftest import DYLAN_BIRTH, LEA_BIRTH, MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]

NEW_PASSWORD = "Parent!Poitiers86"


def test_parent_creates_account_by_sms_and_sees_both_children(
    live_server, browser_page, screenshot, family, sms_outbox
):
    page = browser_page
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.get_by_role("link", name="Je n'ai pas encore d'identifiant").click()
    expect(page.get_by_role("heading", name="Je n'ai pas encore d'identifiant")).to_be_visible()
    screenshot(page, "pas-encore-d-identifiant")
    page.get_by_role("link", name="Créer mon compte").click()

    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Prénom").fill("Sophie")
    page.get_by_label("Numéro de téléphone portable").fill("06 12 34 56 78")
    screenshot(page, "creer-mon-compte")
    page.get_by_role("button", name="Recevoir mon code SMS").click()

    expect(page.get_by_label("Code reçu par SMS")).to_be_visible()
    assert [message.to for message in sms_outbox] == [MOBILE]
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)
    page.get_by_label("Code reçu par SMS").fill(code)
    page.locator("#id_birth_date_1").fill(DYLAN_BIRTH.isoformat())
    page.locator("#id_birth_date_2").fill(LEA_BIRTH.isoformat())
    screenshot(page, "code-et-dates-de-naissance")
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_role("heading", name="Notez votre identifiant")).to_be_visible()
    expect(page.locator("#identifiant")).to_have_text("s.martin")
    expect(page.locator("#regle-mot-de-passe")).to_contain_text("Au moins 8 caractères")
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    screenshot(page, "notez-votre-identifiant")
    page.get_by_role("button", name="Continuer").click()

    # Charte informatique, then Mes applications with both children.
    expect(page).to_have_url(re.compile(r"/charte/"))
    page.locator("label[for=id_accept]").click()
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(page.get_by_text("Dylan").first).to_be_visible()
    expect(page.get_by_text("Léa").first).to_be_visible()
    screenshot(page, "mes-applications-deux-enfants")

    account = User.objects.get(username="s.martin")
    assert account.state == User.State.ACTIVE
    assert Guardian.objects.filter(account=account).count() == 2
