"""In Debian's chromium: the direction publishes a news that the parent then sees on Mes
applications; a teacher's news (with an image) waits for the direction's validation, then
appears. Screenshots at desktop width and 360 px; axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from actualites.models import News
from tests.actualites.conftest import PNG

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def _as(page, live_server, user) -> None:
    """The browser takes the session of a complete login of ``user``."""
    user.accepted_charter_version = 99
    user.save(update_fields=["accepted_charter_version"])
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _narrow(page, screenshot, step: str, axe) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, f"{step}-360")
    axe(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{step} : {width} px de large à 360 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_direction_publishes_and_a_teacher_news_waits_for_validation(
    live_server, browser_page, screenshot, axe, school, tmp_path
):
    page = browser_page
    base = live_server.url

    # The direction writes to the parents: published at once.
    _as(page, live_server, school["direction"])
    page.goto(base + "/informations/ecrire/")
    expect(page.get_by_role("heading", name="Écrire une information")).to_be_visible()
    axe(page)
    page.get_by_label("Titre").fill("Réunion de rentrée")
    page.get_by_label("Texte", exact=False).first.fill(
        "La réunion de rentrée aura lieu jeudi à 18 h.\n\nVenez nombreux."
    )
    page.get_by_label("Destinataires").select_option(label="Les parents")
    screenshot(page, "direction-ecrit")
    _narrow(page, screenshot, "direction-ecrit", axe)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("L'information est publiée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Réunion de rentrée")).to_be_visible()
    axe(page)

    # The parent sees it on Mes applications, then on its own page.
    _as(page, live_server, school["parent"])
    page.goto(base + "/mes-applications/")
    panel = page.locator("section[aria-labelledby=informations]")
    expect(panel.get_by_role("link", name="Réunion de rentrée")).to_be_visible()
    expect(panel.get_by_text("Votre contact vie scolaire")).to_be_visible()
    screenshot(page, "parent-mes-applications")
    axe(page)
    _narrow(page, screenshot, "parent-mes-applications", axe)
    panel.get_by_role("link", name="Réunion de rentrée").click()
    expect(page.get_by_text("Venez nombreux.")).to_be_visible()
    axe(page)

    # A teacher writes to their class 4 B with an image: it waits for the direction.
    _as(page, live_server, school["teacher"])
    page.goto(base + "/informations/mes-informations/")
    page.get_by_role("link", name="Écrire une information").click()
    page.get_by_label("Titre").fill("Sortie au musée")
    page.get_by_label("Texte", exact=False).first.fill("Sortie au musée mardi prochain.")
    page.get_by_label("Destinataires").select_option(label="La classe de 4 B")
    image = tmp_path / "affiche.png"
    image.write_bytes(PNG)
    page.locator("#id_image").set_input_files(str(image))
    page.get_by_label("Description de l'image (facultative)").fill("Affiche de la sortie")
    page.get_by_role("button", name="Envoyer à la direction").click()
    expect(page.get_by_text("Elle sera publiée quand la direction l'aura validée.")).to_be_visible()
    page.goto(base + "/informations/mes-informations/")
    expect(page.get_by_text("En attente de validation").first).to_be_visible()
    screenshot(page, "enseignant-mes-informations")
    axe(page)
    _narrow(page, screenshot, "enseignant-mes-informations", axe)

    _as(page, live_server, school["parent"])
    page.goto(base + "/mes-applications/")
    expect(page.get_by_role("link", name="Sortie au musée")).to_have_count(0)

    # The direction validates it from its queue.
    _as(page, live_server, school["direction"])
    page.goto(base + "/informations/mes-informations/")
    expect(page.get_by_role("heading", name="À valider (1)")).to_be_visible()
    screenshot(page, "direction-a-valider")
    axe(page)
    page.get_by_role("link", name="Sortie au musée").first.click()
    page.get_by_role("link", name="Valider ou refuser").click()
    expect(page.get_by_role("img", name="Affiche de la sortie")).to_be_visible()
    screenshot(page, "direction-valide")
    axe(page)
    _narrow(page, screenshot, "direction-valide", axe)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("L'information est validée et publiée.")).to_be_visible()
    assert News.objects.get(title="Sortie au musée").status == News.Status.PUBLISHED

    # Now on the parent's dashboard (cached page refreshed), with its image on its page.
    _as(page, live_server, school["parent"])
    page.goto(base + "/mes-applications/")
    panel = page.locator("section[aria-labelledby=informations]")
    expect(panel.get_by_role("link", name="Sortie au musée")).to_be_visible()
    panel.get_by_role("link", name="Sortie au musée").click()
    expect(page).to_have_url(re.compile(r"/informations/\d+/$"))
    picture = page.get_by_role("img", name="Affiche de la sortie")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") == 1
    screenshot(page, "parent-information")
    axe(page)
    _narrow(page, screenshot, "parent-information", axe)
    page.goto(base + "/informations/")
    expect(page.get_by_role("link", name="Sortie au musée")).to_be_visible()
    expect(page.get_by_role("link", name="Réunion de rentrée")).to_be_visible()
    screenshot(page, "parent-toutes-les-informations")
    axe(page)
    _narrow(page, screenshot, "parent-toutes-les-informations", axe)
