"""In chromium: a parent files a demande de bourse step by step (with a mistake on the way), the
secretariat asks for a missing document, the parent completes the request, the secretariat grants
the bourse; the parent reads the decision. Each screen is checked by axe-core and photographed on a
desktop and at 360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demarches.models import BourseRequest
from tests.browser.helpers import log_in as _log_in
from tests.demarches.conftest import BIC, IBAN, PDF, make_bourse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


@pytest.fixture
def bourse(db):
    return make_bourse()


def _shots(page, screenshot, axe, name: str) -> None:
    axe(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 360, "height": 800})
    axe(page)
    screenshot(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_bourse_filed_completed_and_granted(
    live_server,
    browser_page,
    screenshot,
    axe,
    bourse,
    tmp_path,
):
    page = browser_page
    document = tmp_path / "avis-imposition.pdf"
    document.write_bytes(PDF)

    _log_in(page, live_server, bourse.mother)
    page.goto(live_server.url + "/teleservices/services-en-ligne/")
    expect(
        page.get_by_role("heading", name="Demande de bourse de collège", exact=False)
    ).to_be_visible()
    _shots(page, screenshot, axe, "bourse-services-en-ligne")
    page.get_by_role("link", name="faire la demande pour Léa").click()
    page.get_by_role("link", name="Commencer la demande").click()
    page.get_by_label("Nombre d'enfants à charge").fill("2")
    page.get_by_label("Revenu fiscal de référence du foyer").fill("-5")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_text("doit être un montant positif")).to_be_visible()
    _shots(page, screenshot, axe, "bourse-etape-1-erreur")
    page.get_by_label("Revenu fiscal de référence du foyer").fill("11 850")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_text("Estimation, sous réserve de l'instruction")).to_be_visible()
    page.get_by_label("Avis d'imposition").set_input_files(str(document))
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("IBAN").fill(IBAN)
    page.get_by_label("BIC").fill(BIC)
    page.get_by_label("Titulaire du compte").fill("Marie Martin")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Récapitulatif")).to_be_visible()
    _shots(page, screenshot, axe, "bourse-recapitulatif")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Votre demande de bourse est envoyée")).to_be_visible()
    request = BourseRequest.objects.get()
    assert request.status == "envoyee"

    _log_in(page, live_server, bourse.secretary)
    page.goto(live_server.url + f"/admin/demarches/bourserequest/{request.pk}/change/")
    expect(page.get_by_role("heading", name="Instruire la demande")).to_be_visible()
    screenshot(page, "bourse-instruction")
    page.get_by_label("Demander une pièce manquante").check()
    page.get_by_label("Pièce demandée").fill(
        "L'avis d'imposition est illisible : envoyez-le à nouveau."
    )
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Pièce demandée ; la famille est prévenue")).to_be_visible()

    _log_in(page, live_server, bourse.mother)
    page.goto(live_server.url + f"/teleservices/eleve/{bourse.pupil.pk}/bourse/")
    expect(page.get_by_text("L'avis d'imposition est illisible")).to_be_visible()
    _shots(page, screenshot, axe, "bourse-piece-demandee")
    page.get_by_role("link", name="Compléter la demande").click()
    page.get_by_label("Avis d'imposition").set_input_files(str(document))
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()  # bank details kept
    page.get_by_role("button", name="Renvoyer la demande complétée").click()
    expect(page.get_by_text("La pièce est envoyée")).to_be_visible()

    _log_in(page, live_server, bourse.secretary)
    page.goto(live_server.url + f"/admin/demarches/bourserequest/{request.pk}/change/")
    page.get_by_label("Accorder la bourse").check()
    page.get_by_label("J'ai vérifié l'avis d'imposition").check()
    page.get_by_label("Échelon accordé").select_option("2")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Bourse accordée ; la famille est prévenue")).to_be_visible()
    page.goto(live_server.url + f"/admin/demarches/campaign/{bourse.campaign.pk}/suivi/")
    expect(page.get_by_role("table", name="Suivi par classe")).to_contain_text("5 A")
    screenshot(page, "bourse-suivi")

    _log_in(page, live_server, bourse.mother)
    page.goto(live_server.url + f"/teleservices/eleve/{bourse.pupil.pk}/bourse/")
    expect(page.get_by_role("heading", name="Bourse accordée")).to_be_visible()
    expect(page.get_by_role("link", name="Notification de décision (PDF)")).to_be_visible()
    _shots(page, screenshot, axe, "bourse-accordee")
    request.refresh_from_db()
    assert request.status == "acceptee" and request.echelon == 2
