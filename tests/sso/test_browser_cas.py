"""In Debian's chromium: a parent clicks the Pronote tile and lands on a CAS-protected service
(python-cas, its own process) identified, ``categories`` = ``National_2``; logging out of
Cartable logs them out of it; opened again, the service sends them through Services en ligne
and back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pronote_bridge.models import PronoteSettings
from pronote_bridge.services import pronote_settings_save

from .test_cas_client import start_service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


@pytest.fixture
def pronote_service(live_server, establishment):
    """The collège's Pronote settings given the address of the test service (as the
    secretariat gives the collège's Pronote address): the tile opens its Espace Parents."""
    service = start_service(live_server, "3")
    pronote_settings_save(
        settings=PronoteSettings(establishment=establishment, base_url=service.url), actor=None
    )
    yield service
    service.process.terminate()
    service.process.wait(timeout=10)


def _log_in(page, password: str) -> None:
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="VALIDER").click()


def test_parent_opens_pronote_from_the_tile_and_logs_out_of_both(
    live_server, browser_page, screenshot, axe, parent_with_children, password, pronote_service
):
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save(update_fields=["accepted_charter_version"])
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="ÉLÈVE OU PARENT D'ÉLÈVE").click()
    _log_in(page, password)
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()

    with page.expect_popup() as opened:
        page.locator(".portal-tile", has_text="Pronote").first.click()
    pronote = opened.value
    expect(pronote.locator("#user")).to_have_text("s.martin")
    expect(pronote.locator("#attr-categories")).to_have_text("National_2")
    expect(pronote.locator("#attr-nom")).to_have_text("MARTIN")
    screenshot(pronote, "service-cas-identifie")
    assert len(pronote_service.state()["sessions"]) == 1

    # Logging out of Cartable (the header's button) ends the service's session too.
    page.get_by_role("button", name="Se déconnecter").first.click()
    expect(page).not_to_have_url(re.compile(r"/mes-applications/"))
    deadline_state = None
    for _ in range(50):
        deadline_state = pronote_service.state()
        if not deadline_state["sessions"]:
            break
        page.wait_for_timeout(100)
    assert deadline_state["sessions"] == []
    assert len(deadline_state["logged_out"]) == 1

    # Opened again, the service asks Cartable, which asks the parent to log in, and back.
    pronote.reload()
    expect(pronote.get_by_role("heading", name="Services en ligne")).to_be_visible()
    axe(pronote)
    pronote.get_by_role("button", name="ÉLÈVE OU PARENT D'ÉLÈVE").click()
    _log_in(pronote, password)
    expect(pronote.locator("#user")).to_have_text("s.martin")
    expect(pronote.locator("#attr-categories")).to_have_text("National_2")


def test_refused_and_logged_out_pages(live_server, browser_page, screenshot, axe):
    page = browser_page
    page.goto(live_server.url + "/cas/login?service=https%3A%2F%2Fevil.example%2F")
    expect(page.get_by_role("heading", name="Application non autorisée")).to_be_visible()
    expect(page.get_by_text("pas enregistrée auprès de Cartable")).to_be_visible()
    axe(page)
    screenshot(page, "cas-service-refuse")
    page.goto(live_server.url + "/cas/logout?service=https%3A%2F%2Fevil.example%2F")
    expect(page.get_by_role("heading", name="Vous êtes déconnecté")).to_be_visible()
    axe(page)
    screenshot(page, "cas-deconnecte")
