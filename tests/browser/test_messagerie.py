"""Mes courriels in Debian's chromium: a parent writes to their child's teacher (and cannot find
another parent in the picker), the teacher replies, the parent reads the reply; axe-core on every
page, screenshots at desktop width and at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD
from tests.messagerie.conftest import school  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def login_family(page, base, username):
    page.goto(base + "/connexion/eleve-parent/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()


def login_staff(page, base, username):
    page.goto(base + "/connexion/academique/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe ou passecode OTP").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()


def test_a_parent_writes_to_the_teacher_who_replies(
    live_server,
    chromium,
    browser_page,
    screenshot,
    axe,
    school,  # noqa: F811
):
    base = live_server.url
    page = browser_page
    login_family(page, base, "parent.un")
    page.get_by_role("link", name="Ouvrir Mes courriels").click()
    expect(page.get_by_role("heading", name="Boîte de réception")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Écrire un message").click()
    expect(page.get_by_role("heading", name="Écrire un message")).to_be_visible()
    # The picker offers the teacher of the child's class and the staff, never another parent.
    expect(page.get_by_text("Prof QUATREB")).to_be_visible()
    expect(page.locator("label", has_text="Vie scolaire")).to_be_visible()
    expect(page.get_by_text("Parent DEUX")).to_have_count(0)
    expect(page.get_by_text("Prof QUATREC")).to_have_count(0)
    page.get_by_label("Rechercher une personne ou un groupe").fill("deux")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Personne ne correspond à « deux »")).to_be_visible()
    axe(page)
    page.get_by_label("Rechercher une personne ou un groupe").fill("")
    page.get_by_role("button", name="Rechercher").click()
    page.locator("label", has_text="Prof QUATREB").click()  # DSFR draws the box on the label
    page.get_by_label("Objet").fill("Devoir de mathématiques")
    page.get_by_label("Message", exact=True).fill("Bonjour,\n\nDylan était malade hier.")
    screenshot(page, "ecrire")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Votre message a été envoyé.")).to_be_visible()
    expect(page.get_by_text("Devoir de mathématiques")).to_be_visible()
    axe(page)

    teacher_context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    teacher = teacher_context.new_page()
    login_staff(teacher, base, "prof.quatreb")
    expect(teacher.get_by_text("1 message non lu")).to_be_visible()
    teacher.get_by_role("link", name="Ouvrir Mes courriels").click()
    teacher.get_by_role("link", name="Devoir de mathématiques").click()
    expect(teacher.get_by_text("Dylan était malade hier.")).to_be_visible()
    axe(teacher)
    screenshot(teacher, "lire")
    teacher.get_by_role("button", name="Répondre", exact=True).click()
    expect(teacher.get_by_label("Objet")).to_have_value("RE : Devoir de mathématiques")
    teacher.get_by_label("Message", exact=True).fill("Merci, je lui donnerai le devoir demain.")
    teacher.get_by_role("button", name="Envoyer").click()
    expect(teacher.get_by_text("Votre message a été envoyé.")).to_be_visible()
    teacher_context.close()

    page.goto(base + "/courriels/")
    page.get_by_role("link", name="RE : Devoir de mathématiques").click()
    expect(page.get_by_text("Merci, je lui donnerai le devoir demain.")).to_be_visible()
    screenshot(page, "reponse")
    page.set_viewport_size({"width": 360, "height": 800})
    axe(page)
    screenshot(page, "reponse-360")
    page.goto(base + "/courriels/")
    axe(page)
    screenshot(page, "boite-360")
    page.goto(base + "/courriels/ecrire/")
    axe(page)
    screenshot(page, "ecrire-360")
    page.goto(base + "/mes-applications/")
    screenshot(page, "tableau-de-bord-360")
