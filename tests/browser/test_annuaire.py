"""The annuaire and the carnet d'adresses in Debian's chromium: a parent searches their child's
teacher in the annuaire (and cannot find another parent), adds the teacher to the carnet and
writes from the carnet; axe-core on every page, screenshots at desktop width and at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from messagerie.models import Delivery
from tests.browser.test_messagerie import login_family
from tests.messagerie.conftest import school  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def test_a_parent_finds_the_teacher_saves_and_writes_from_the_carnet(
    live_server,
    browser_page,
    screenshot,
    axe,
    school,  # noqa: F811
):
    base = live_server.url
    page = browser_page
    login_family(page, base, "parent.un")
    page.locator("#carte-carnet").get_by_role("link", name="Annuaire des utilisateurs").click()
    expect(page.get_by_role("heading", name="Annuaire des utilisateurs", level=1)).to_be_visible()
    search = page.get_by_label("Rechercher une personne par son nom")
    # Another parent of the class is not in the annuaire of a parent.
    search.fill("parent deux")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Personne ne correspond à « parent deux »")).to_be_visible()
    axe(page)
    search = page.get_by_label("Rechercher une personne par son nom")
    search.fill("QUATRÉB")  # accents and case aside
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="Prof QUATREB")).to_be_visible()
    expect(page.get_by_text("Prof QUATREC")).to_have_count(0)
    axe(page)
    screenshot(page, "annuaire")
    page.set_viewport_size({"width": 360, "height": 800})
    axe(page)
    screenshot(page, "annuaire-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Ajouter au carnet : Prof QUATREB").click()
    expect(page.get_by_text("« Prof QUATREB » a été ajouté à votre carnet")).to_be_visible()
    expect(page.get_by_text("Dans votre carnet")).to_be_visible()

    page.get_by_role("link", name="Mon carnet d'adresses").click()
    expect(page.get_by_role("heading", name="Mon carnet d'adresses", level=1)).to_be_visible()
    expect(page.get_by_role("list", name="Personnes (1)")).to_contain_text("Prof QUATREB")
    axe(page)
    screenshot(page, "carnet")
    page.set_viewport_size({"width": 360, "height": 800})
    axe(page)
    screenshot(page, "carnet-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Écrire à Prof QUATREB").click()
    expect(page.get_by_role("heading", name="Écrire un message")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Prof QUATREB").first).to_be_checked()
    expect(page.get_by_role("group", name="Mon carnet")).to_contain_text("Prof QUATREB")
    page.get_by_label("Objet").fill("Rendez-vous")
    page.get_by_label("Message", exact=True).fill("Bonjour, pourrions-nous nous voir jeudi ?")
    axe(page)
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "ecrire-depuis-le-carnet-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Votre message a été envoyé.")).to_be_visible()
    assert Delivery.objects.filter(
        owner=school["quatreb"], folder="inbox", message__subject="Rendez-vous"
    ).exists()
