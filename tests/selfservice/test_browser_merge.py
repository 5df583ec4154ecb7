"""A guardian known twice in SIECLE receives two letters (one per child), activates the first,
groups the second from Mon compte → Enfants, and sees both children in Enfants and on Mes
applications. In Debian's chromium, with a screenshot of each screen."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from activation.models import Letter
from selfservice.models import AccountMerge
from tests.factories import DivisionFactory, GuardianFactory, GuardianLinkFactory, PupilFactory

from .conftest import pdf_credentials

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_PASSWORD = "Parent!Poitiers86"


def test_guardian_activates_one_letter_and_groups_the_other(
    live_server, browser_page, screenshot, establishment, generate, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    c4 = DivisionFactory(establishment=establishment, code="4 C", level="4")
    c6 = DivisionFactory(establishment=establishment, code="6 A", level="6")
    dylan = PupilFactory(
        establishment=establishment,
        division=c4,
        first_name="Dylan",
        last_name="MARTIN",
        birth_date=datetime.date(2013, 5, 17),
    )
    florian = PupilFactory(
        establishment=establishment,
        division=c6,
        first_name="Florian",
        last_name="MARTIN",
        birth_date=datetime.date(2014, 9, 2),
    )
    # The same mother under two PERSONNE_ID (as "cri" and "cri1" in the families' guide).
    for pupil in (dylan, florian):
        record = GuardianFactory(
            establishment=establishment,
            first_name="Sophie",
            last_name="MARTIN",
            email="sophie.martin@example.org",
            account=None,
        )
        GuardianLinkFactory(pupil=pupil, guardian=record, rank=1)

    _, pdf = generate(scope="school", include_pupils=False)
    credentials = pdf_credentials(pdf)
    assert len(credentials) == 2
    letters = {letter.identifier: letter for letter in Letter.objects.select_related("pupil")}
    first_id = next(i for i, letter in letters.items() if letter.pupil_id == dylan.pk)
    second_id = next(i for i, letter in letters.items() if letter.pupil_id == florian.pk)
    page = browser_page

    # 1. First letter: first connection, e-mail link, charter, Mes applications with Dylan only.
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.locator("#id_login").fill(first_id)
    page.locator("#id_password").fill(credentials[first_id])
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Première connexion")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("#id_email").fill("sophie.martin@example.org")
    page.locator("#id_email2").fill("sophie.martin@example.org")
    page.locator("#id_birth_date").fill("2013-05-17")
    screenshot(page, "premiere-connexion")
    page.get_by_role("button", name="VALIDER").click()
    expect(page.get_by_role("heading", name="Compte en attente de validation")).to_be_visible()
    link = re.search(
        r"https?://[^/\s]+(/compte/valider-adresse-mail/\S+/)", mail.outbox[-1].body
    ).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("link", name="ACCÉDER AUX SERVICES").click()
    if "/charte/" in page.url:
        page.locator("label[for=id_accept]").click()
        page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(page.get_by_text("Dylan MARTIN")).to_be_visible()
    expect(page.get_by_text("Florian MARTIN")).to_have_count(0)
    screenshot(page, "mes-applications-un-enfant")

    # 2. Mon compte → Enfants.
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_text(f"Compte de {first_id}")).to_be_visible()
    screenshot(page, "profil")
    page.get_by_role("link", name="ENFANTS").click()
    expect(page.get_by_role("heading", name="Enfants rattachés au compte")).to_be_visible()
    screenshot(page, "enfants-avant")

    # 3. Regrouper: a wrong password first (neutral error), then the second letter's.
    page.get_by_role("link", name="REGROUPER DES COMPTES").click()
    expect(page.get_by_role("heading", name="REGROUPER DES COMPTES")).to_be_visible()
    page.locator("#id_login").fill(second_id)
    page.locator("#id_password").fill("AAAAAAAA")
    page.get_by_role("button", name="SUIVANT").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
    screenshot(page, "regrouper-erreur")
    page.locator("#id_login").fill(second_id)
    page.locator("#id_password").fill(credentials[second_id])
    screenshot(page, "regrouper")
    page.get_by_role("button", name="SUIVANT").click()

    # 4. Confirmation: both lists and the closing sentence.
    expect(page.get_by_role("heading", name="REGROUPER DES COMPTES - CONFIRMATION")).to_be_visible()
    expect(page.locator("#enfants-compte-actuel")).to_contain_text("Dylan")
    expect(page.locator("#enfants-autre-compte")).to_contain_text("Florian")
    expect(page.locator("#phrase-confirmation")).to_contain_text(f"fermeture du compte {second_id}")
    screenshot(page, "confirmation")
    page.get_by_role("button", name="VALIDER").click()

    # 5. Done: only the current account remains; both children everywhere.
    expect(
        page.get_by_role("heading", name="CONFIRMATION DE REGROUPEMENT DE COMPTES")
    ).to_be_visible()
    expect(page.get_by_text("Seul le compte avec lequel vous êtes connecté")).to_be_visible()
    screenshot(page, "regroupement-termine")
    page.get_by_role("link", name="VALIDER").click()
    expect(page.locator("#enfants")).to_contain_text("Dylan")
    expect(page.locator("#enfants")).to_contain_text("Florian")
    screenshot(page, "enfants-apres")
    page.get_by_role("link", name="RETOUR").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(page.get_by_text("Dylan MARTIN")).to_be_visible()
    expect(page.get_by_text("Florian MARTIN")).to_be_visible()
    screenshot(page, "mes-applications-deux-enfants")

    closed = User.objects.get(username=second_id)
    assert closed.state == User.State.CLOSED and not closed.is_active
    assert AccountMerge.objects.get().survivor.username == first_id
    assert Letter.objects.get(identifier=second_id).revoked_at is not None
