"""The agenda in Debian's chromium: from Mes applications a parent opens the agenda, adds a
personal event, finds it in the month and in the week next to the school's réunion
parents-professeurs, and makes a subscription address; axe-core on every page, screenshots at
desktop width and at 360 px (where the month grid becomes a list)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.models import Audience, SchoolEvent
from tests.factories import DEFAULT_PASSWORD
from tests.portal.helpers import accept_current_charter

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def test_a_parent_keeps_an_agenda(
    live_server, browser_page, screenshot, axe, parent_with_children, establishment
):
    accept_current_charter(parent_with_children)
    today = timezone.localdate()
    # Stays in this month (and this week) whatever today is.
    day = today + datetime.timedelta(days=1) if today.weekday() < 6 else today
    if day.month != today.month:
        day = today
    SchoolEvent.objects.create(
        establishment=establishment,
        title="Réunion parents-professeurs",
        audience=Audience.PARENTS,
        place="Gymnase",
        starts_on=day,
        ends_on=day,
        start_time=datetime.time(17),
        end_time=datetime.time(19),
    )
    page = browser_page
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.locator("#id_login").fill("s.martin")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    card = page.locator("section[aria-labelledby='agenda-prochains']")
    expect(card.get_by_text("Réunion parents-professeurs")).to_be_visible()
    axe(page)
    screenshot(page, "tableau-de-bord-agenda")

    card.get_by_role("link", name="Ouvrir l'agenda").click()
    expect(page.get_by_role("heading", name="Agenda", level=1)).to_be_visible()
    page.get_by_role("link", name="Nouvel évènement").click()
    page.get_by_label("Titre").fill("Rendez-vous chez l'orthodontiste")
    page.get_by_label("Premier jour").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("09:00")
    page.get_by_label("Heure de fin").fill("09:30")
    page.get_by_label("Lieu (facultatif)").fill("Cabinet du Dr Morel")
    axe(page)
    page.get_by_role("button", name="Enregistrer l'évènement").click()
    expect(page.get_by_role("heading", name="Rendez-vous chez l'orthodontiste")).to_be_visible()
    expect(page.get_by_text("de 09:00 à 09:30")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Retour à l'agenda").click()
    table = page.locator(".agenda-month-table table")
    expect(table.get_by_text("Rendez-vous chez l'orthodontiste")).to_be_visible()
    expect(table.get_by_text("Réunion parents-professeurs")).to_be_visible()
    expect(page.locator("td[aria-current='date']")).to_have_count(1)
    axe(page)
    screenshot(page, "agenda-mois")
    page.set_viewport_size({"width": 360, "height": 800})
    expect(table).to_be_hidden()
    expect(
        page.locator(".agenda-month-list").get_by_text("Rendez-vous chez l'orthodontiste")
    ).to_be_visible()
    axe(page)
    screenshot(page, "agenda-mois-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/agenda/semaine/?jour={day.isoformat()}")
    section = page.locator(f"section[aria-labelledby='jour-{day.isoformat()}']")
    expect(section.get_by_text("Rendez-vous chez l'orthodontiste")).to_be_visible()
    expect(section.get_by_text("Réunion parents-professeurs")).to_be_visible()
    axe(page)
    screenshot(page, "agenda-semaine")
    page.set_viewport_size({"width": 360, "height": 800})
    axe(page)
    screenshot(page, "agenda-semaine-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Abonnement").click()
    page.get_by_role("button", name="Générer mon adresse d'abonnement").click()
    expect(page.locator("#adresse-abonnement")).to_contain_text("/agenda/ics/")
    axe(page)
    screenshot(page, "agenda-abonnement")
