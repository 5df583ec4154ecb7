"""Mon bureau in Debian's chromium: from Mes applications a parent opens the Bloc-notes and the
tasks, writes a note, adds a task and marks it done; axe-core on every page, screenshots at
desktop width and at 360 px."""

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


def test_a_parent_keeps_notes_and_tasks(
    live_server, browser_page, screenshot, axe, parent_with_children
):
    accept_current_charter(parent_with_children)
    page = browser_page
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()

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
