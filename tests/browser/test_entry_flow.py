"""Services en ligne → profile → login → charter → Mes applications, in Debian's chromium."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from portal.models import CharterAcceptance

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def test_parent_walks_from_services_en_ligne_to_mes_applications(
    live_server, browser_page, screenshot, parent_with_children, password
):
    page = browser_page
    refused = []  # what the Content-Security-Policy blocked along the way
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Services en ligne")).to_be_visible()
    page.get_by_label("Éducation nationale").check()
    screenshot(page, "services-en-ligne")

    page.get_by_role("button", name="ÉLÈVE OU PARENT D'ÉLÈVE").click()
    expect(page.get_by_role("link", name="Je n'ai pas encore d'identifiant")).to_be_visible()
    page.get_by_label("Identifiant").fill("s.martin")
    page.get_by_label("Mot de passe", exact=False).first.fill("pas-le-bon-1A!")
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
    screenshot(page, "login-refused")

    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="VALIDER").click()

    expect(page).to_have_url(re.compile(r"/charte/"))
    screenshot(page, "charte")
    page.locator("label[for=id_accept]").click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Accepter").click()

    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(page.get_by_text("Pronote").first).to_be_visible()
    expect(page.get_by_text("Dylan").first).to_be_visible()
    expect(page.get_by_text("Florian").first).to_be_visible()
    screenshot(page, "mes-applications")

    parent = User.objects.get(username="s.martin")
    assert parent.accepted_charter_version == 1
    assert CharterAcceptance.objects.filter(user=parent, charter__version=1).exists()

    # The search box narrows the tiles, on the server and in the page.
    page.get_by_label("Rechercher une application").fill("sacoche")
    page.get_by_label("Rechercher une application").press("Enter")
    expect(page.get_by_text("SACoche").first).to_be_visible()
    expect(page.locator(".portal-tile__name", has_text="Pronote")).to_have_count(0)
    screenshot(page, "recherche")
    assert refused == []


def test_teacher_logs_in_through_the_academic_form(
    live_server, browser_page, screenshot, teacher, password
):
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_label("Éducation nationale").check()
    page.get_by_role("button", name="ENSEIGNANT", exact=True).click()

    expect(page.get_by_role("heading", name="Authentifiez-vous")).to_be_visible()
    expect(page.get_by_label("Mot de passe ou passecode OTP")).to_be_visible()
    screenshot(page, "authentifiez-vous")
    page.get_by_label("Identifiant").fill("j.prof")
    page.get_by_label("Mot de passe ou passecode OTP").fill(password)
    page.get_by_role("button", name="Valider").click()

    screenshot(page, "apres-connexion")
    page.locator("label[for=id_accept]").click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(page.get_by_text("Cahier de textes").first).to_be_visible()
    screenshot(page, "mes-applications-enseignant")

    # A parent account is refused on the academic form with the same neutral message.
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.goto(live_server.url + "/connexion/academique/?profil=enseignant")
    page.get_by_label("Identifiant").fill("nobody.here")
    page.get_by_label("Mot de passe ou passecode OTP").fill(password)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
