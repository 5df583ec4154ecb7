"""The cahier de textes in a real browser (Debian chromium): a teacher fills a séance (with an
attachment) and the travail à faire given during it; the pupil ticks « Fait »; the parent sees
it, on ACCUEIL too; the consultation and the direction's visa. Every screen: axe-core, and a
screenshot on the desktop and at 360 px."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cahier_de_textes.models import Homework, HomeworkDone, Seance, Visa
from tests.browser.helpers import log_in as _log_in
from tests.cahier_de_textes.conftest import school  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_teacher_writes_pupil_ticks_parent_sees(live_server, browser_page, look, school, tmp_path):  # noqa: F811
    page = browser_page
    today = school["today"]
    service = school["service"]
    _log_in(page, live_server, school["teacher"].account)
    page.goto(live_server.url + reverse("cahier_de_textes:mon_cahier"))
    look("mon-cahier")
    page.get_by_role("link", name="4 A — Français").click()
    look("classe-vide")
    page.get_by_role("link", name="Nouvelle séance").click()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Début").fill("08:00")
    page.get_by_label("Fin").fill("08:55")
    page.get_by_label("Titre").fill("Le conte merveilleux")
    page.get_by_label("Contenu de la séance").fill(
        "Lecture de « La Belle et la Bête ».\n\n<strong>Schéma narratif</strong> au tableau."
    )
    worksheet = tmp_path / "fiche-conte.pdf"
    worksheet.write_bytes(PDF)
    page.get_by_label("Pièces jointes").set_input_files(str(worksheet))
    look("seance-formulaire")
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.get_by_text("La séance est enregistrée.").wait_for()
    assert Seance.objects.get().title == "Le conte merveilleux"
    page.get_by_role(
        "link", name="Donner du travail pendant la séance Le conte merveilleux"
    ).click()
    due = today + datetime.timedelta(days=1)
    page.get_by_label("Pour le").fill(due.isoformat())
    page.get_by_label("Travail demandé").fill("Relire le conte et noter les cinq étapes.")
    page.get_by_label("Durée estimée (minutes)").fill("30")
    look("travail-formulaire")
    page.get_by_role("button", name="Enregistrer le travail à faire").click()
    page.get_by_text("Le travail à faire est enregistré.").wait_for()
    homework = Homework.objects.get()
    assert homework.seance == Seance.objects.get() and homework.due_on == due
    look("classe-remplie")

    # The pupil ticks « Fait ».
    _log_in(page, live_server, school["pupil"].account)
    cahier = reverse("teleservices:cahier", kwargs={"pupil_id": school["pupil"].pk})
    page.goto(live_server.url + cahier)
    page.get_by_text("Relire le conte et noter les cinq étapes.").wait_for()
    page.get_by_text("Schéma narratif").first.wait_for()
    look("eleve-cahier")
    page.get_by_role("button", name="Fait (Français").click()
    page.get_by_text("C'est noté : travail fait.").wait_for()
    assert HomeworkDone.objects.filter(homework=homework, pupil=school["pupil"]).exists()
    look("eleve-fait")

    # The parent sees it, read-only, and ACCUEIL announces the work.
    _log_in(page, live_server, school["parent"])
    page.goto(live_server.url + cahier)
    assert page.locator(".fr-badge--success", has_text="Fait").count() == 1
    assert page.get_by_role("button", name="Fait (Français").count() == 0
    look("parent-cahier")
    with page.expect_download() as download:
        page.get_by_role("link", name="fiche-conte.pdf").click()
    assert download.value.suggested_filename == "fiche-conte.pdf"
    page.goto(
        live_server.url
        + reverse("teleservices:child_home", kwargs={"pupil_id": school["pupil"].pk})
    )
    page.get_by_text("Travail à faire dans les 7 prochains jours").wait_for()
    look("parent-accueil")

    # The school community consults the class; the direction visas it.
    page.goto(live_server.url + reverse("cahier_de_textes:consultation"))
    look("consultation-index")
    page.get_by_role("link", name="4 A", exact=True).click()
    page.get_by_text("Le conte merveilleux").wait_for()
    look("consultation-classe")
    _log_in(page, live_server, school["direction"].account)
    page.goto(
        live_server.url
        + reverse("cahier_de_textes:consultation")
        + f"?classe={service.division_id}"
    )
    look("direction-visa")
    page.get_by_role("button", name="Viser Français").click()
    page.get_by_text("visé jusqu'au").first.wait_for()
    assert Visa.objects.filter(subject=service.subject, up_to=today).exists()
    look("direction-vise")
