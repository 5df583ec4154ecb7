"""Mon bureau in Debian's chromium: from Mes applications a parent opens the Bloc-notes and the
tasks, writes a note, adds a task and marks it done; pins an application, adds a link, moves it
up and sees both on the dashboard's cards; axe-core on every page, screenshots at desktop width
and at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD
from tests.portal.helpers import accept_current_charter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def _log_in(page, live_server, parent) -> None:
    accept_current_charter(parent)
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()


def test_a_parent_keeps_notes_and_tasks(
    live_server, browser_page, screenshot, axe, parent_with_children
):
    page = browser_page
    _log_in(page, live_server, parent_with_children)

    page.get_by_role("link", name="Bloc-notes").click()
    expect(page.get_by_role("heading", name="Bloc-notes", level=1)).to_be_visible()
    page.get_by_label("Titre").fill("Réunion parents-professeurs")
    page.get_by_label("Texte").fill("Jeudi 18 h, salle 12.\nDemander le carnet de liaison.")
    page.get_by_role("button", name="Enregistrer la note").click()
    expect(page.get_by_text("Jeudi 18 h, salle 12.")).to_be_visible()
    axe(page)
    screenshot(page, "bloc-notes-bureau")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "bloc-notes-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/bureau/taches/")
    page.get_by_label("Tâche", exact=True).fill("Signer le carnet")
    page.get_by_role("button", name="Ajouter la tâche").click()
    expect(page.get_by_text("Signer le carnet", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Marquer comme faite : Signer le carnet").click()
    expect(page.get_by_text("Signer le carnet", exact=True)).to_have_count(0)
    page.goto(live_server.url + "/bureau/taches/?filtre=faites")
    expect(page.get_by_text("Signer le carnet", exact=True)).to_be_visible()
    axe(page)
    screenshot(page, "taches-faites-bureau")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "taches-faites-360")


def test_a_parent_pins_an_application_adds_a_link_and_finds_them_on_the_dashboard(
    live_server, browser_page, screenshot, axe, parent_with_children
):
    page = browser_page
    _log_in(page, live_server, parent_with_children)
    cards = page.locator("#carte-favoris")
    expect(cards.get_by_text("Aucun favori")).to_be_visible()

    cards.get_by_role("link", name="Favoris").click()
    expect(page.get_by_role("heading", name="Gestion des favoris", level=1)).to_be_visible()
    axe(page)
    page.get_by_label("Application").select_option(label="Pronote")
    page.get_by_role("button", name="Épingler").click()
    expect(page.get_by_text("L'application est épinglée dans vos favoris.")).to_be_visible()

    page.get_by_label("Titre du lien").fill("Calendrier scolaire")
    page.get_by_label("Adresse").fill("javascript:alert(1)")
    page.get_by_role("button", name="Ajouter le lien").click()
    expect(page.get_by_text("commençant par http:// ou https://")).to_be_visible()
    axe(page)
    page.get_by_label("Adresse").fill("https://www.education.gouv.fr/calendrier-scolaire-100148")
    page.get_by_role("button", name="Ajouter le lien").click()
    favorites = page.locator(".bureau-favorite")
    expect(favorites).to_have_count(2)
    expect(favorites.nth(0)).to_contain_text("Pronote")
    link = favorites.nth(1).get_by_role("link", name="Calendrier scolaire (nouvelle fenêtre)")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("target", "_blank")

    page.get_by_role("button", name="Monter : Calendrier scolaire").click()
    expect(page.get_by_text("L'ordre des favoris est mis à jour.")).to_be_visible()
    expect(favorites.nth(0)).to_contain_text("Calendrier scolaire")
    expect(favorites.nth(1)).to_contain_text("Pronote")
    axe(page)
    screenshot(page, "favoris-bureau")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "favoris-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/mes-applications/")
    cards = page.locator("#carte-favoris")
    expect(cards.get_by_role("link")).to_have_count(3)  # the card's title, then the favoris
    expect(cards.get_by_role("link").nth(1)).to_contain_text("Calendrier scolaire")
    expect(cards.get_by_role("link").nth(2)).to_contain_text("Pronote")
    expect(page.locator("#carte-taches")).to_contain_text("Aucune tâche à faire.")
    axe(page)
    page.locator("#mon-bureau").scroll_into_view_if_needed()
    screenshot(page, "mes-applications-bureau")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "mes-applications-360")
