"""The livret in a real browser (Debian chromium): a teacher fills the class form, the direction
writes the general appreciation and locks the bilan, the parent finds it in LIVRET and downloads
the PDF (read back with pypdf). Every screen: axe-core, and a screenshot on the desktop and at
360 px (no horizontal overflow)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from livret.models import Bilan
from tests.browser.helpers import log_in as _log_in
from tests.evaluations.conftest import cahier_school  # noqa: F401 - the fixtures
from tests.evaluations.conftest import notes as notes_world  # noqa: F401
from tests.livret.conftest import livret  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_writes_direction_locks_parent_downloads_the_pdf(
    live_server,
    browser_page,
    look,
    livret,  # noqa: F811
):
    page = browser_page
    pupil = livret["pupil"]
    _log_in(page, live_server, livret["teacher"].account)
    page.goto(live_server.url + reverse("livret:index"))
    look("livret-enseignant")
    page.get_by_role("link", name="4 A — Français").click()
    page.locator(f"#prog-{pupil.pk}").fill("Le conte merveilleux")
    page.locator(f"#app-{pupil.pk}").fill("Un trimestre sérieux et appliqué.")
    look("livret-formulaire-classe")
    page.get_by_role("button", name="Enregistrer les bilans de la classe").click()
    page.get_by_text("Les bilans de la classe sont enregistrés.").wait_for()

    _log_in(page, live_server, livret["direction"].account)
    url = reverse("livret:bilan", kwargs={"pupil_id": pupil.pk, "period_id": livret["period"].pk})
    page.goto(live_server.url + url)
    page.get_by_label("Appréciation générale").fill("Bon trimestre, à poursuivre.")
    page.get_by_text("Programme personnalisé de réussite éducative (PPRE)").click()
    look("livret-bilan-direction")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    page.get_by_text("Le bilan est enregistré.").wait_for()
    page.get_by_role("button", name="Verrouiller le bilan").click()
    page.get_by_text("Le bilan est verrouillé.").wait_for()
    look("livret-bilan-verrouille")
    assert Bilan.objects.get(pupil=pupil).is_locked

    _log_in(page, live_server, livret["parent"])
    page.goto(live_server.url + reverse("teleservices:livret", kwargs={"pupil_id": pupil.pk}))
    page.get_by_text("Un trimestre sérieux et appliqué.").wait_for()
    look("livret-famille")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le bilan du 2e trimestre (PDF)").click()
    content = download.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Bon trimestre, à poursuivre." in text and "Le conte merveilleux" in text


def test_direction_writes_and_locks_the_bilan_de_fin_de_cycle_parent_downloads_it(
    live_server,
    browser_page,
    look,
    livret,  # noqa: F811
):
    from livret.models import CycleBilan

    livret["division"].level = "3"
    livret["division"].save(update_fields=["level"])
    page = browser_page
    pupil = livret["pupil"]
    _log_in(page, live_server, livret["direction"].account)
    page.goto(
        live_server.url + reverse("livret:division", kwargs={"division_id": pupil.division_id})
    )
    look("livret-classe-fin-de-cycle")
    page.get_by_role("link", name=f"bilan de fin de cycle de {pupil.first_name}").click()
    page.get_by_role("heading", name="Bilan de fin de cycle 4").wait_for()
    for select in page.locator("select[name^=comp_]").all():
        select.select_option("3")
    page.locator("#comp_CPD_ART").select_option("0")
    page.get_by_label("Synthèse des acquis").fill("Des acquis solides, une belle autonomie.")
    page.locator("#complement").select_option("LCA")
    page.get_by_text("Objectifs dépassés").click()
    look("livret-fin-de-cycle-formulaire")
    page.get_by_role("button", name="Enregistrer le bilan de fin de cycle").click()
    page.get_by_text("Le bilan de fin de cycle est enregistré.").wait_for()
    page.get_by_role("button", name="Verrouiller le bilan de fin de cycle").click()
    page.get_by_text("Le bilan de fin de cycle est verrouillé.").wait_for()
    look("livret-fin-de-cycle-verrouille")
    assert CycleBilan.objects.get(pupil=pupil).components["CPD_ART"] == 0

    _log_in(page, live_server, livret["parent"])
    page.goto(live_server.url + reverse("teleservices:livret", kwargs={"pupil_id": pupil.pk}))
    page.get_by_text("Des acquis solides, une belle autonomie.").wait_for()
    look("livret-famille-fin-de-cycle")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le bilan de fin de cycle 4 (PDF)").click()
    content = download.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Des acquis solides, une belle autonomie." in text and "0 (Dispensé)" in text
    assert "Langues et cultures de l'Antiquité : objectifs dépassés" in text
