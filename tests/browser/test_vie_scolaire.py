"""In chromium: a teacher takes an appel; the parent sees the absence and justifies it online; the
CPE accepts the justification; the parent sees it accepted. Each screen is checked by axe-core
and photographed on a desktop and at 360 px."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import StaffMember, User
from tests.browser.helpers import log_in as _log_in
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    SubjectFactory,
    TeachingServiceFactory,
    UserFactory,
)
from tests.vie_scolaire.conftest import a_school_day
from vie_scolaire.models import Event, Justification

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _staff(school, username, function, profile, last_name):
    account = UserFactory(
        username=username,
        profile=profile,
        establishment=school,
        accepted_charter_version=99,
        first_name="Claire",
        last_name=last_name.title(),
    )
    return StaffMemberFactory(
        establishment=school, function=function, account=account, last_name=last_name
    )


def test_appel_justification_and_answer(live_server, browser_page, axe, screenshot, tmp_path):
    school = EstablishmentFactory(uai="0860123X", name="Collège Marcel Pagnol")
    division = DivisionFactory(establishment=school, code="4 B")
    teacher = _staff(school, "c.durand", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT,
                     "DURAND")  # fmt: skip
    TeachingServiceFactory(
        establishment=school,
        teacher=teacher,
        division=division,
        subject=SubjectFactory(establishment=school, label="HISTOIRE-GÉOGRAPHIE"),
    )
    cpe = _staff(school, "m.bernard", StaffMember.Function.EDUCATION, User.Profile.PERSONNEL,
                 "BERNARD")  # fmt: skip
    parent = UserFactory(
        username="s.martin",
        first_name="Sophie",
        last_name="Martin",
        email="s.martin@example.org",
        accepted_charter_version=99,
    )
    EmailAddress.objects.create(user=parent, email=parent.email, verified=True, primary=True)
    child = PupilFactory(establishment=school, division=division, first_name="Dylan",
                         last_name="MARTIN")  # fmt: skip
    GuardianLinkFactory(guardian=GuardianFactory(establishment=school, account=parent), pupil=child)
    late = PupilFactory(establishment=school, division=division, first_name="Inès",
                        last_name="ARNAUD")  # fmt: skip
    for first, last in (("Léo", "BLANC"), ("Manon", "GIRARD"), ("Hugo", "PETIT")):
        PupilFactory(establishment=school, division=division, first_name=first, last_name=last)
    page = browser_page

    def look(step):
        axe(page)
        screenshot(page, f"{step}-bureau")
        page.set_viewport_size({"width": 360, "height": 800})
        screenshot(page, f"{step}-360")
        page.set_viewport_size({"width": 1280, "height": 900})

    # The teacher opens the appel of 4 B and marks Dylan absent, Inès 10 minutes late.
    day = a_school_day()
    _log_in(page, live_server, teacher.account)
    page.goto(live_server.url + reverse("vie_scolaire:desk"))
    look("enseignant-vie-scolaire")
    page.fill("#id_jour", day.isoformat())
    page.select_option("#id_debut", "08:00")
    page.select_option("#id_fin", "09:00")
    page.click("text=Ouvrir l'appel")
    page.wait_for_selector("text=Tout le monde est présent par défaut")
    look("appel")
    page.check(f"#statut-{child.pk}-absent", force=True)
    page.check(f"#statut-{late.pk}-retard", force=True)
    page.fill(f"#minutes-{late.pk}", "10")
    page.click("text=Enregistrer l'appel")
    page.wait_for_selector("text=Appel enregistré : 1 absent, 1 retard, 5 élèves appelés.")
    look("appel-enregistre")
    assert Event.objects.filter(pupil=child, kind="absence", status="non_motivee").exists()

    # The parent sees the absence and justifies it with a certificate.
    _log_in(page, live_server, parent)
    page.goto(live_server.url + reverse("teleservices:vie_scolaire", args=[child.pk]))
    page.wait_for_selector("text=Non motivée")
    look("famille-vie-scolaire")
    page.click("text=Justifier cette absence")
    look("famille-justifier")
    page.select_option("#id_motive", label="Maladie")
    page.fill("#id_comment", "Fièvre, certificat du médecin joint.")
    certificate = tmp_path / "certificat.pdf"
    certificate.write_bytes(PDF)
    page.set_input_files("#id_document", str(certificate))
    page.click("text=Envoyer à la vie scolaire")
    page.wait_for_selector("text=Votre justificatif est envoyé à la vie scolaire.")
    assert page.locator("text=en attente").count() >= 1
    look("famille-justificatif-envoye")

    # The CPE accepts it with a message.
    _log_in(page, live_server, cpe.account)
    page.goto(live_server.url + reverse("vie_scolaire:desk"))
    page.wait_for_selector("text=Justificatifs à traiter (1)")
    look("cpe-bureau")
    page.click("text=absence du")
    page.wait_for_selector("text=Fièvre, certificat du médecin joint.")
    look("cpe-justificatif")
    page.check("#id_decision_0", force=True)
    page.fill("#id_message", "Merci, bon rétablissement à Dylan.")
    page.click("text=Enregistrer la décision")
    page.wait_for_selector("text=Justificatif accepté : l'absence est justifiée.")
    event = Event.objects.get(pupil=child, kind="absence")
    assert event.status == "justifiee"
    page.goto(live_server.url + reverse("vie_scolaire:event_edit", args=[event.pk]))
    look("cpe-absence")
    page.goto(live_server.url + reverse("vie_scolaire:event_new") + "?type=punition")
    look("cpe-saisir-punition")

    # The parent sees it accepted.
    _log_in(page, live_server, parent)
    page.goto(live_server.url + reverse("teleservices:vie_scolaire", args=[child.pk]))
    page.wait_for_selector("text=Justifiée")
    assert page.locator("text=Merci, bon rétablissement à Dylan.").count() == 1
    look("famille-justificatif-accepte")
    page.goto(live_server.url + reverse("teleservices:child_home", args=[child.pk]))
    look("famille-accueil")
    page.goto(live_server.url + reverse("teleservices:vie_scolaire_declare", args=[child.pk]))
    look("famille-prevenir")
    assert Justification.objects.get().status == "acceptee"
