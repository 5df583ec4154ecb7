"""Informations in Debian's chromium: the direction publishes a news for the parents, a parent
finds it on "Mes applications" and opens it; a pupil's dashboard does not show it; axe-core on
every page, screenshots at desktop width and at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_messagerie import login_family, login_staff
from tests.messagerie.conftest import school  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]

TITLE = "Réunion parents-professeurs des 4e"


def test_the_direction_publishes_news_seen_on_the_parents_dashboard(
    live_server,
    chromium,
    browser_page,
    screenshot,
    axe,
    school,  # noqa: F811
):
    base = live_server.url
    page = browser_page
    login_staff(page, base, "chef.direction")
    page.goto(base + "/informations/ecrire/")
    expect(page.get_by_role("heading", name="Écrire une information")).to_be_visible()
    axe(page)
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Texte").fill("Jeudi 10 décembre, de 17 h à 20 h, au réfectoire.")
    page.get_by_label("Destinataires").select_option(label="Les parents")
    screenshot(page, "ecrire")
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text(TITLE).first).to_be_visible()
    axe(page)

    parent_context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    parent = parent_context.new_page()
    login_family(parent, base, "parent.un")
    panel = parent.locator("section[aria-labelledby=informations]")
    expect(panel.get_by_role("link", name=TITLE)).to_be_visible()
    axe(parent)
    screenshot(parent, "tableau-de-bord-parent")
    panel.get_by_role("link", name=TITLE).click()
    expect(parent.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(parent.get_by_text("au réfectoire")).to_be_visible()
    parent.set_viewport_size({"width": 360, "height": 800})
    axe(parent)
    screenshot(parent, "information-360")
    parent.goto(base + "/mes-applications/")
    axe(parent)
    screenshot(parent, "tableau-de-bord-parent-360")
    parent_context.close()

    pupil_context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pupil = pupil_context.new_page()
    login_family(pupil, base, "eleve.un")
    expect(pupil.get_by_role("heading", name="Informations")).to_be_visible()
    expect(pupil.get_by_text(TITLE)).to_have_count(0)  # for the parents only
    pupil_context.close()
