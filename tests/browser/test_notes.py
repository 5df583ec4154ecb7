"""The mark book in a real browser (Debian chromium): a teacher creates a devoir and fills the
grid with the keyboard (Tab goes down the column); the parent sees the mark and the averages in
NOTES. Every screen: axe-core, and a screenshot on the desktop and at 360 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Devoir, Mark, SkillLevel
from tests.browser.helpers import log_in as _log_in
from tests.evaluations.conftest import cahier_school, notes  # noqa: F401 - the fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_fills_the_grid_by_keyboard_parent_sees_it(live_server, browser_page, look, notes):  # noqa: F811
    page = browser_page
    today = notes["today"]
    _log_in(page, live_server, notes["teacher"].account)
    page.goto(live_server.url + reverse("evaluations:mon_carnet"))
    look("mon-carnet")
    page.get_by_role("link", name="4 A — Français").click()
    look("classe-vide")
    page.get_by_role("link", name="Nouveau devoir").click()
    page.get_by_label("Titre").fill("Dictée préparée")
    page.get_by_label("Date du devoir").fill(today.isoformat())
    page.get_by_label("Noté sur").fill("10")
    page.get_by_label("Coefficient").fill("0,5")
    page.get_by_label("Visible par les familles à partir du").fill(today.isoformat())
    look("devoir-formulaire")
    page.get_by_role("button", name="Enregistrer le devoir").click()
    page.get_by_text("Le devoir est enregistré.").wait_for()
    devoir = Devoir.objects.get()
    # The grid: the first mark, then Tab goes down the column to the next pupil's mark.
    first = page.get_by_label("Note de Inès")
    first.focus()
    page.keyboard.type("7,5")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"note-{notes['classmate'].pk}", focused
    page.keyboard.type("abs")
    page.keyboard.press("Tab")  # bottom of the marks: to the first comment
    assert page.evaluate("document.activeElement.id") == f"comm-{notes['pupil'].pk}"
    page.keyboard.type("Bonne orthographe")
    look("grille")
    page.get_by_role("button", name="Enregistrer les notes").click()
    page.get_by_text("Les notes sont enregistrées.").wait_for()
    marks = {m.pupil_id: m for m in Mark.objects.filter(devoir=devoir)}
    assert marks[notes["pupil"].pk].value == Decimal("7.5")
    assert marks[notes["pupil"].pk].comment == "Bonne orthographe"
    assert marks[notes["classmate"].pk].status == "ABS"
    look("carnet")

    # A bad mark: French message, nothing written.
    page.goto(live_server.url + reverse("evaluations:devoir_grid", kwargs={"devoir_id": devoir.pk}))
    page.get_by_label("Note de Inès").fill("12")
    page.get_by_role("button", name="Enregistrer les notes").click()
    page.get_by_text("dépasse le barème").wait_for()
    look("grille-erreur")
    assert Mark.objects.get(pupil=notes["pupil"]).value == Decimal("7.5")

    # A skill of the socle evaluated during the devoir, a level per pupil.
    page.goto(
        live_server.url + reverse("evaluations:service", kwargs={"service_id": notes["service"].pk})
    )
    page.get_by_role(
        "link", name="Évaluer une compétence pendant le devoir Dictée préparée"
    ).click()
    page.get_by_label("Compétence évaluée").fill("Écrire sous la dictée sans erreur d'accord")
    page.get_by_label("Date", exact=True).fill(today.isoformat())
    page.get_by_label("Visible par les familles à partir du").fill(today.isoformat())
    look("competence-formulaire")
    page.get_by_role("button", name="Enregistrer la compétence").click()
    page.get_by_text("La compétence est enregistrée.").wait_for()
    page.get_by_label("Niveau de Inès").select_option("3")
    look("competence-grille")
    page.get_by_role("button", name="Enregistrer les niveaux").click()
    page.get_by_text("Les niveaux de maîtrise sont enregistrés.").wait_for()
    assert SkillLevel.objects.get().level == 3

    # The direction reads the mark book, without a form.
    _log_in(page, live_server, notes["direction"].account)
    page.goto(live_server.url + reverse("evaluations:devoir_grid", kwargs={"devoir_id": devoir.pk}))
    page.get_by_text("Bonne orthographe").wait_for()
    assert page.get_by_role("button", name="Enregistrer les notes").count() == 0
    look("direction-grille")

    # The parent sees the mark, the comment and the averages.
    _log_in(page, live_server, notes["parent"])
    page.goto(
        live_server.url + reverse("teleservices:notes", kwargs={"pupil_id": notes["pupil"].pk})
    )
    page.get_by_text("Dictée préparée").wait_for()
    page.get_by_text("Bonne orthographe").wait_for()
    assert "15,00/20" in page.content()  # 7,5/10 → 15/20, the only subject
    page.get_by_text("Maîtrise satisfaisante").wait_for()
    look("parent-notes")
