"""The secretariat's admin: campaigns (scoped form, the notify action, the follow-up with its CSV
and reminders), the barème, and the instruction page of a request."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.school import school_role
from demarches.models import Bareme, BourseRequest, Campaign
from demarches.services import bourse_submit
from outbox.models import OutboxMessage
from tests.demarches.conftest import filled_draft
from tests.factories import DivisionFactory, EstablishmentFactory, PupilFactory


def _sent(bourse):
    return bourse_submit(
        role=school_role(bourse.mother), actor=bourse.mother, request=filled_draft(bourse)
    )


def _instruct_url(request):
    return reverse("admin:demarches_bourserequest_change", args=[request.pk])


def test_the_secretary_creates_a_campaign_for_her_school_only(client, bourse):
    client.force_login(bourse.secretary)
    Campaign.objects.all().delete()
    other = DivisionFactory(establishment=EstablishmentFactory(uai="0170111Z"), code="5 Z")
    now = timezone.localtime()
    data = {
        "service": "bourse",
        "school_year": str(bourse.year),
        "opens_at": now.strftime("%Y-%m-%dT08:00"),
        "closes_at": (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT18:00"),
        "levels": "6, 5",
        "divisions": [other.pk],
        "message": "Bonjour",
    }
    url = reverse("admin:demarches_campaign_add")
    page = client.get(url).content.decode()
    assert "Orientation : intentions provisoires" in page  # the démarches built
    assert "Fiche de renseignements" not in page  # it has no campaign
    response = client.post(url, data)
    assert response.status_code == 200 and not Campaign.objects.exists()  # another school's class
    data["divisions"] = [bourse.cinquieme.pk]
    data["levels"] = "6, 2"
    assert "Niveaux" in client.post(url, data).content.decode()
    data["levels"] = "6, 5"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get()
    assert campaign.establishment == bourse.school and campaign.levels == "6,5"
    assert AuditEvent.objects.filter(action="admin.campaign.add").exists()


def test_the_notify_action_queues_the_mails_with_progress(
    client, bourse, django_capture_on_commit_callbacks
):
    client.force_login(bourse.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:demarches_campaign_changelist"),
            {"action": "notify_guardians", "_selected_action": [bourse.campaign.pk]},
        )
    assert response.status_code == 302
    bourse.campaign.refresh_from_db()
    assert bourse.campaign.notify_status == "done" and bourse.campaign.processed == 3
    assert OutboxMessage.objects.filter(subject__contains="la démarche est ouverte").count() == 3
    page = client.get(reverse("admin:demarches_campaign_changelist")).content.decode()
    assert "3 / 3" in page


def test_the_followup_counts_per_class_exports_and_reminds(client, bourse):
    _sent(bourse)
    client.force_login(bourse.secretary)
    url = reverse("admin:demarches_campaign_followup", args=[bourse.campaign.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "5 A" in page and "5 B" in page and "6 A" not in page
    # More pupils in the classes: the page costs the same.
    for _ in range(5):
        PupilFactory(establishment=bourse.school, division=bourse.cinquieme)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(queries) <= 12
    csv = client.get(reverse("admin:demarches_campaign_followup_csv", args=[bourse.campaign.pk]))
    assert csv["Content-Disposition"].startswith("attachment")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Classe;Élèves concernés;Commencées;Envoyées;Traitées"
    assert "5 A;6;1;1;0" in lines and lines[-1] == "Total;7;1;1;0"
    response = client.post(url)
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(subject__startswith="Rappel", to="zoe@example.org").exists()
    client.post(url)
    assert OutboxMessage.objects.filter(subject__startswith="Rappel").count() == 1


def test_the_instruction_page_asks_a_piece_then_accepts(client, bourse):
    request = _sent(bourse)
    client.force_login(bourse.secretary)
    url = _instruct_url(request)
    page = client.get(url).content.decode()
    assert "échelon 2" in page and "Instruire la demande" in page
    document = client.get(reverse("admin:demarches_boursereq_document", args=[request.pk]))
    assert document["Content-Disposition"].startswith("attachment")
    assert document["X-Content-Type-Options"] == "nosniff"
    page = client.post(url, {"decision": "piece", "message": ""}).content.decode()
    assert "Dites à la famille quelle pièce manque." in page
    client.post(url, {"decision": "piece", "message": "Avis illisible."})
    request.refresh_from_db()
    assert request.status == BourseRequest.State.INCOMPLETE
    assert client.post(url, {"decision": "accepter", "echelon": "2"}).status_code == 403
    _sent(bourse)
    page = client.post(url, {"decision": "accepter", "echelon": "2"}).content.decode()
    assert "Vérifiez l&#x27;avis d&#x27;imposition" in page
    client.post(url, {"decision": "accepter", "echelon": "2", "document_checked": "on"})
    request.refresh_from_db()
    assert request.status == BourseRequest.State.ACCEPTED and request.echelon == 2
    pdf = client.get(reverse("admin:demarches_boursereq_pdf", args=[request.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert set(
        AuditEvent.objects.filter(action__startswith="demarches.bourse").values_list(
            "action", flat=True
        )
    ) == {
        "demarches.bourse_submitted",
        "demarches.bourse_missing_piece",
        "demarches.bourse_completed",
        "demarches.bourse_accepted",
    }


def test_the_refusal_needs_a_reason(client, bourse):
    request = _sent(bourse)
    client.force_login(bourse.secretary)
    page = client.post(_instruct_url(request), {"decision": "refuser"}).content.decode()
    assert "Indiquez le motif du refus." in page
    client.post(_instruct_url(request), {"decision": "refuser", "reason": "Plafond dépassé."})
    request.refresh_from_db()
    assert request.status == BourseRequest.State.REFUSED


def test_the_bareme_is_entered_per_year_with_its_lines(client, bourse):
    client.force_login(bourse.secretary)
    response = client.post(
        reverse("admin:demarches_bareme_add"),
        {
            "school_year": str(bourse.year + 1),
            "echelons-TOTAL_FORMS": "1",
            "echelons-INITIAL_FORMS": "0",
            "echelons-0-number": "1",
            "echelons-0-yearly_amount": "110",
            "ceilings-TOTAL_FORMS": "1",
            "ceilings-INITIAL_FORMS": "0",
            "ceilings-0-dependent_children": "1",
            "ceilings-0-echelon": "1",
            "ceilings-0-ceiling": "23000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bareme = Bareme.objects.get(school_year=bourse.year + 1)
    assert bareme.establishment == bourse.school
    assert bareme.ceilings.get().ceiling == 23000


def test_the_request_and_campaign_lists_cost_the_same_with_more_rows(client, bourse):
    from tests.factories import GuardianFactory, GuardianLinkFactory

    _sent(bourse)
    client.force_login(bourse.secretary)
    urls = [
        reverse("admin:demarches_bourserequest_changelist"),
        reverse("admin:demarches_campaign_changelist"),
    ]
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    for _ in range(4):
        pupil = PupilFactory(establishment=bourse.school, division=bourse.cinquieme)
        guardian = GuardianFactory(establishment=bourse.school)
        GuardianLinkFactory(guardian=guardian, pupil=pupil)
        BourseRequest.objects.create(
            campaign=bourse.campaign, pupil=pupil, school_year=bourse.year, status="envoyee"
        )
    Campaign.objects.create(
        establishment=bourse.school,
        service="bourse",
        school_year=bourse.year + 1,
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    for url, count in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200 and len(queries) == count, url


def test_an_orientation_campaign_is_for_the_3e_and_has_a_followup(client, bourse):
    from demarches.models import OrientationFile

    client.force_login(bourse.secretary)
    troisieme = DivisionFactory(establishment=bourse.school, code="3 A", level="3")
    now = timezone.localtime()
    data = {
        "service": "orientation_intentions",
        "school_year": str(bourse.year),
        "opens_at": now.strftime("%Y-%m-%dT08:00"),
        "closes_at": (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT18:00"),
        "levels": "4,3",
        "message": "",
    }
    url = reverse("admin:demarches_campaign_add")
    assert "3e : niveau « 3 » seulement" in client.post(url, data).content.decode()
    data["levels"], data["divisions"] = "", [bourse.cinquieme.pk]
    assert "classes de 3e" in client.post(url, data).content.decode()
    data["divisions"] = [troisieme.pk]
    assert client.post(url, data).status_code == 302
    campaign = Campaign.objects.get(service="orientation_intentions")
    from tests.factories import PupilFactory

    pupil = PupilFactory(establishment=bourse.school, division=troisieme)
    PupilFactory(establishment=bourse.school, division=troisieme)
    OrientationFile.objects.create(
        campaign=campaign, pupil=pupil, status=OrientationFile.State.VALIDATED
    )
    followup = reverse("admin:demarches_campaign_followup", args=[campaign.pk])
    page = client.get(followup).content.decode()
    assert "3 A" in page and "Validé par la famille" in page
    csv_text = client.get(
        reverse("admin:demarches_campaign_followup_csv", args=[campaign.pk])
    ).content.decode("utf-8-sig")
    assert "3 A;2;1;1;0" in csv_text
