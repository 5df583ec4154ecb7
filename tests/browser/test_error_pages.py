"""The error pages as people see them: French, DSFR, readable on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 360])
def test_the_404_page_is_french_and_fits_a_phone(live_server, browser_page, screenshot, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})

    response = page.goto(live_server.url + "/nexistepas/")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    expect(page.get_by_role("link", name="Revenir aux Services en ligne")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"404-{width}")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_403_page_for_a_parent_on_the_admin(
    live_server, browser_page, screenshot, parent_with_children, password, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(password)
    page.locator("button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto(live_server.url + "/admin/")

    expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"403-{width}")


@pytest.mark.parametrize("width", [1280, 360])
def test_an_expired_form_shows_the_french_csrf_page(
    live_server, browser_page, screenshot, axe, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/connexion/academique/")
    page.context.clear_cookies()  # as when the session ran out with the page left open

    page.get_by_label("Identifiant").fill("j.prof")
    page.get_by_label("Mot de passe ou passecode OTP").fill("x")
    page.get_by_role("button", name="Valider").click()

    expect(page.get_by_role("heading", name="Formulaire expiré")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page)
    screenshot(page, f"csrf-{width}")
