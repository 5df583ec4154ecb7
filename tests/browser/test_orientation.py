"""In chromium: a 3e family enters its intentions provisoires (with a vœu outside the list on
the way, the draft kept), the professeur principal enters the conseil de classe's avis, the family
reads it and accepts. Each screen is checked by axe-core and photographed on a desktop and at
360 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demarches.models import OrientationFile
from tests.browser.helpers import log_in as _log_in
from tests.demarches.conftest import make_orientation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


@pytest.fixture
def orientation(db):
    return make_orientation()


def _shots(page, screenshot, axe, name: str) -> None:
    axe(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 360, "height": 800})
    axe(page)
    screenshot(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_intentions_answered_by_the_conseil_de_classe_and_accepted(
    live_server, browser_page, screenshot, axe, orientation
):
    page = browser_page
    o = orientation
    phase = page.locator(f"section[aria-labelledby='phase-{o.intentions.pk}']")

    _log_in(page, live_server, o.mother)
    page.goto(live_server.url + "/teleservices/services-en-ligne/")
    _shots(page, screenshot, axe, "orientation-services-en-ligne")
    page.get_by_role("link", name="saisir les choix d'orientation de Loïc").first.click()
    expect(page.get_by_role("heading", name="Orientation en fin de 3e de Loïc")).to_be_visible()
    phase.get_by_label("Vœu 1", exact=True).select_option("2gt")
    phase.get_by_label("Vœu 2", exact=True).select_option("cap")
    phase.get_by_role("button", name="Valider pour la famille").click()
    expect(page.get_by_text("Indiquez la spécialité souhaitée")).to_be_visible()
    _shots(page, screenshot, axe, "orientation-erreur")
    phase.get_by_label("Spécialité du vœu 2").fill("Cuisine")
    phase.get_by_label("Commentaire (facultatif)").fill("Loïc aime cuisiner.")
    phase.get_by_role("button", name="Valider pour la famille").click()
    expect(page.get_by_text("Vos choix sont validés pour la famille")).to_be_visible()
    _shots(page, screenshot, axe, "orientation-validee")
    file = OrientationFile.objects.get()
    assert file.status == "validee" and file.validated_by == o.mother

    _log_in(page, live_server, o.principal)
    page.goto(live_server.url + "/orientation/")
    expect(page.get_by_role("heading", name="Orientation de la classe 3 A")).to_be_visible()
    _shots(page, screenshot, axe, "orientation-classe")
    page.get_by_role("link", name="Loïc BARON", exact=False).click()
    page.get_by_label("Avis sur l'intention 1", exact=False).select_option("favorable")
    page.get_by_label("Avis sur l'intention 2", exact=False).select_option("reserve")
    page.get_by_label("Commentaire sur l'intention 2").fill("À confirmer au 3e trimestre.")
    page.get_by_label("Avis du conseil de classe").fill("Un bon trimestre.")
    _shots(page, screenshot, axe, "orientation-conseil")
    page.get_by_role("button", name="Enregistrer et prévenir la famille").click()
    expect(page.get_by_text("la famille est prévenue")).to_be_visible()

    _log_in(page, live_server, o.father)
    page.goto(live_server.url + f"/teleservices/eleve/{o.pupil.pk}/orientation/")
    expect(phase.get_by_role("heading", name="Réponse du conseil de classe")).to_be_visible()
    expect(phase.get_by_text("À confirmer au 3e trimestre.")).to_be_visible()
    _shots(page, screenshot, axe, "orientation-avis")
    phase.get_by_role("button", name="J'accepte").click()
    expect(page.get_by_text("Votre accord est enregistré")).to_be_visible()
    _shots(page, screenshot, axe, "orientation-acceptee")
    file.refresh_from_db()
    assert file.status == "accepte" and file.family_answer_by == o.father
