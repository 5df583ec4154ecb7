"""In Debian's chromium, desktop and 360 px wide: "Pronote sur mobile" for a parent, and the
secretariat's import of the PRONOTE-ENT identifiers up to its report — no axe violation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.test_accessibility import _grant_demo_secretariat, _log_in

from .conftest import PRONOTE, csv_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]

PHONE = {"width": 360, "height": 780}


def test_pronote_on_mobile_page(
    live_server, browser_page, screenshot, axe, school, pronote_settings
):
    mother = school["mother"]
    mother.accepted_charter_version = 99
    mother.save(update_fields=["accepted_charter_version"])
    page = browser_page
    _log_in(page, live_server, mother)
    page.goto(live_server.url + reverse("portal:dashboard"))
    page.get_by_role("link", name="Pronote sur mobile").click()
    expect(page.get_by_role("heading", name="Pronote sur mobile", level=1)).to_be_visible()
    link = page.get_by_role("link", name=PRONOTE + "mobile.parent.html")
    expect(link).to_be_hidden()
    page.locator("summary", has_text="Afficher le lien").click()
    expect(link).to_be_visible()
    axe(page)
    screenshot(page, "pronote-mobile-bureau")
    page.set_viewport_size(PHONE)
    axe(page)
    screenshot(page, "pronote-mobile-360")


def test_import_report_in_the_admin(
    live_server, browser_page, screenshot, axe, school, secretary, tmp_path
):
    _grant_demo_secretariat(secretary)
    secretary.state = User.State.ACTIVE
    secretary.accepted_charter_version = 99
    secretary.save(update_fields=["state", "accepted_charter_version"])
    export = tmp_path / "Identifiants_PRONOTE.csv"
    export.write_bytes(
        csv_file(
            "ÉLÉONORE;Léa;02/03/2013;5 A;Élève;PRN-LEA",
            "ÉLÉONORE;Marie;;5 A;Responsable;PRN-MERE",
            "BERNARD;Hugo;01/06/2012;;Élève;PRN-HUGO",
            "NOUVEL;Arrivant;01/09/2014;6 C;Élève;PRN-NEW",
            encoding="cp1252",
        )
    )
    page = browser_page
    _log_in(page, live_server, secretary)
    page.goto(live_server.url + reverse("admin:pronote_bridge_pronoteimport_add"))
    axe(page)
    page.locator("#id_file").set_input_files(str(export))
    page.get_by_role("button", name="Importer").click()
    expect(
        page.get_by_text("Lignes reliées : 2 ; ambiguës : 1 ; non reconnues : 1.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Lignes à traiter (2)")).to_be_visible()
    axe(page)
    screenshot(page, "rapport-import-bureau")
    page.set_viewport_size(PHONE)
    axe(page)
    screenshot(page, "rapport-import-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    # The ambiguous line settled by hand.
    row = page.locator("tr", has_text="PRN-HUGO")
    row.get_by_label("Compte").select_option(label="h.bernard2 — BERNARD Hugo (Élève)")
    row.get_by_role("button", name="Relier").click()
    expect(page.get_by_text("Ligne 4 reliée au compte h.bernard2.")).to_be_visible()
    expect(page.get_by_role("heading", name="Lignes à traiter (1)")).to_be_visible()
    screenshot(page, "rapport-import-ligne-reliee")
