"""Parents justify online; the CPE accepts or refuses with a message; the parent sees the state.
Documents are checked by their content and served only to the child's guardians and the vie
scolaire, as downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from tests.factories import GuardianFactory, GuardianLinkFactory, UserFactory
from vie_scolaire.models import Event, Justification

from .conftest import a_school_day, absence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _justify_url(ns, event):
    return reverse(
        "teleservices:vie_scolaire_justify",
        kwargs={"pupil_id": ns.child.pk, "event_id": event.pk},
    )


def _page(client, ns):
    return client.get(
        reverse("teleservices:vie_scolaire", kwargs={"pupil_id": ns.child.pk})
    ).content.decode()


def test_a_parent_justifies_the_cpe_accepts_the_parent_sees_it(client, school):
    event = absence(school)
    client.force_login(school.parent)
    page = _page(client, school)
    assert "Non motivée" in page and "Justifier cette absence" in page
    response = client.post(
        _justify_url(school, event),
        {
            "motive": school.motives["Maladie"].pk,
            "comment": "Fièvre",
            "document": SimpleUploadedFile("certificat.pdf", PDF),
        },
    )
    assert response.status_code == 302
    page = _page(client, school)
    assert "Motivée" in page and "en attente" in page and "Justifier cette absence" not in page
    justification = Justification.objects.get()
    assert justification.document_name == "certificat.pdf"
    assert "certificat" not in justification.document.name  # stored under a random name

    client.force_login(school.cpe)
    desk = client.get(reverse("vie_scolaire:desk")).content.decode()
    assert "Justificatifs à traiter (1)" in desk
    url = reverse("vie_scolaire:justification", args=[justification.pk])
    assert "Fièvre" in client.get(url).content.decode()
    response = client.post(url, {"decision": "accepter", "message": "Bon rétablissement."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.State.JUSTIFIED

    client.force_login(school.parent)
    page = _page(client, school)
    assert "Justifiée" in page and "acceptée" in page and "Bon rétablissement." in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"vie_scolaire.justification_sent", "vie_scolaire.justification_accepted"} <= actions


def test_a_refusal_needs_a_message_and_the_family_may_send_another(client, school):
    event = absence(school)
    client.force_login(school.parent)
    client.post(_justify_url(school, event), {"motive": school.motives["Panne de réveil"].pk})
    justification = Justification.objects.get()
    client.force_login(school.cpe)
    url = reverse("vie_scolaire:justification", args=[justification.pk])
    page = client.post(url, {"decision": "refuser", "message": ""}).content.decode()
    assert "Expliquez à la famille pourquoi" in page
    justification.refresh_from_db()
    assert justification.status == Justification.State.PENDING
    client.post(url, {"decision": "refuser", "message": "Motif non recevable."})
    event.refresh_from_db()
    assert event.status == Event.State.UNJUSTIFIED
    client.force_login(school.parent)
    page = _page(client, school)
    assert "Non justifiée" in page and "Motif non recevable." in page
    assert "Justifier cette absence" in page  # another try is possible


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (SimpleUploadedFile("gros.pdf", PDF + b"0" * (5 * 1024 * 1024)), "trop volumineux"),
        (
            SimpleUploadedFile("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),
            "n&#x27;est pas accepté",
        ),
    ],
)
def test_a_bad_document_is_refused_in_french_and_nothing_is_written(
    client, school, document, message
):
    event = absence(school)
    client.force_login(school.parent)
    response = client.post(
        _justify_url(school, event), {"motive": school.motives["Maladie"].pk, "document": document}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Justification.objects.exists()
    event.refresh_from_db()
    assert event.status == Event.State.UNEXPLAINED


def test_documents_are_downloads_for_the_guardians_and_the_cpe_only(client, school):
    event = absence(school)
    client.force_login(school.parent)
    client.post(
        _justify_url(school, event),
        {"motive": school.motives["Maladie"].pk, "document": SimpleUploadedFile("c.pdf", PDF)},
    )
    justification = Justification.objects.get()
    family_url = reverse(
        "teleservices:vie_scolaire_document",
        kwargs={"pupil_id": school.child.pk, "justification_id": justification.pk},
    )
    staff_url = reverse("vie_scolaire:justification_document", args=[justification.pk])
    for user, url in ((school.parent, family_url), (school.cpe, staff_url)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    stranger = UserFactory(username="p.autre", accepted_charter_version=99)
    GuardianLinkFactory(guardian=GuardianFactory(establishment=school.school, account=stranger))
    for user, url in (
        (stranger, family_url),
        (school.teacher, staff_url),
        (school.teacher, family_url),
        (school.other_teacher, staff_url),
    ):
        client.force_login(user)
        assert client.get(url).status_code in {403, 404}


def test_a_pupil_sees_their_events_but_cannot_justify(client, school):
    event = absence(school)
    school.child.account = UserFactory(
        username="d.martin", profile="eleve", accepted_charter_version=99
    )
    school.child.save(update_fields=["account"])
    client.force_login(school.child.account)
    page = _page(client, school)
    assert "Non motivée" in page and "Justifier cette absence" not in page
    assert client.get(_justify_url(school, event)).status_code == 404


def test_a_parent_declares_a_coming_absence(client, school):
    client.force_login(school.parent)
    url = reverse("teleservices:vie_scolaire_declare", kwargs={"pupil_id": school.child.pk})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "jour": tomorrow.isoformat(),
            "heure": "08:00",
            "fin_jour": tomorrow.isoformat(),
            "fin_heure": "12:00",
            "motive": school.motives["Rendez-vous médical"].pk,
            "comment": "Orthodontiste",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.declared_by_family and event.status == Event.State.EXPLAINED
    assert event.justifications.get().status == Justification.State.PENDING
    assert "signalée à l'avance" in _page(client, school)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2031-10-07", "2031-10-08", "n&#x27;est pas dans l&#x27;année scolaire"),
        ("past", "past", "Une absence prévue commence aujourd&#x27;hui ou plus tard."),
        ("tomorrow", "today", "La fin de l&#x27;absence doit être après son début."),
    ],
)
def test_bad_declarations_are_refused_in_french(client, school, start, end, message):
    today = timezone.localdate()
    days = {
        "past": a_school_day(1).isoformat(),
        "today": today.isoformat(),
        "tomorrow": (today + datetime.timedelta(days=1)).isoformat(),
    }
    client.force_login(school.parent)
    url = reverse("teleservices:vie_scolaire_declare", kwargs={"pupil_id": school.child.pk})
    response = client.post(
        url,
        {
            "jour": days.get(start, start),
            "heure": "08:00",
            "fin_jour": days.get(end, end),
            "fin_heure": "07:00",
            "motive": school.motives["Maladie"].pk,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()
