"""The family's pages: SERVICES EN LIGNE, the bourse's steps with the draft kept on every error,
the summary and the sending, the downloads; who sees nothing; the query counts."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.school import school_role
from demarches.models import BourseRequest, Campaign
from demarches.services import bourse_accept, bourse_submit
from tests.demarches.conftest import BIC, IBAN, filled_draft, pdf_upload
from tests.portal.test_dashboard import session_queries


def _step(bourse, step):
    return reverse("teleservices:bourse_step", kwargs={"pupil_id": bourse.pupil.pk, "step": step})


def _page(bourse):
    return reverse("teleservices:bourse", kwargs={"pupil_id": bourse.pupil.pk})


def test_services_en_ligne_lists_the_open_campaign_for_the_concerned_child_only(client, bourse):
    client.force_login(bourse.mother)
    page = client.get(reverse("teleservices:services_en_ligne")).content.decode()
    assert "Demande de bourse de collège" in page and "Ouverte jusqu'au" in page
    assert "Léa" in page and "faire la demande" in page
    assert "Hugo" not in page  # his 6e is not concerned
    assert "Fiche de renseignements" in page
    # The menu marks SERVICES EN LIGNE, and it alone, as the current page.
    assert page.count('aria-current="page">') == 1
    assert 'aria-current="page">SERVICES EN LIGNE' in page


def test_before_and_after_the_campaign(client, bourse):
    client.force_login(bourse.mother)
    now = timezone.now()
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        opens_at=now + datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=9)
    )
    page = client.get(reverse("teleservices:services_en_ligne")).content.decode()
    assert "Ouvre le" in page and "faire la demande" not in page
    assert "Commencer la demande" not in client.get(_page(bourse)).content.decode()
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=1)
    )
    page = client.get(reverse("teleservices:services_en_ligne")).content.decode()
    assert "Clos depuis le" in page


def test_a_parent_files_step_by_step_and_sends(client, bourse, mailoutbox):
    client.force_login(bourse.mother)
    assert "Commencer la demande" in client.get(_page(bourse)).content.decode()
    response = client.post(
        _step(bourse, 1), {"dependent_children": "2", "reference_income": "11 850,00"}
    )
    assert response.status_code == 302 and response["Location"] == _step(bourse, 2)
    page = client.get(_step(bourse, 2)).content.decode()
    assert "Estimation, sous réserve de l'instruction" in page and "échelon 2" in page
    response = client.post(_step(bourse, 2), {"document": pdf_upload()})
    assert response["Location"] == _step(bourse, 3)
    response = client.post(
        _step(bourse, 3), {"iban": IBAN.lower(), "bic": BIC, "account_holder": "Marie  Martin"}
    )
    assert response["Location"] == _step(bourse, 4)
    summary = client.get(_step(bourse, 4)).content.decode()
    assert "Récapitulatif" in summary and "FR76 •••• •••• 0189" in summary
    response = client.post(
        reverse("teleservices:bourse_submit", kwargs={"pupil_id": bourse.pupil.pk})
    )
    assert response.status_code == 302
    request = BourseRequest.objects.get()
    assert request.status == "envoyee" and request.account_holder == "Marie Martin"
    assert request.iban == IBAN.replace(" ", "")
    page = client.get(_page(bourse)).content.decode()
    assert "Envoyée, en cours d&#x27;instruction" in page


def test_bad_input_is_refused_in_french_and_what_is_valid_is_kept(client, bourse):
    client.force_login(bourse.mother)
    page = client.post(_step(bourse, 1), {"dependent_children": "3", "reference_income": "-200"})
    assert page.status_code == 200
    assert "doit être un montant positif" in page.content.decode()
    assert 'value="-200"' in page.content.decode()  # what was typed is shown again
    request = BourseRequest.objects.get()
    assert request.dependent_children == 3 and request.reference_income is None
    for value in ("0", "douze mille"):
        page = client.post(_step(bourse, 1), {"dependent_children": "3", "reference_income": value})
        assert "revenu fiscal de référence" in page.content.decode()
    page = client.post(
        _step(bourse, 3),
        {"iban": "FR76 3000 6000 0112 3456 7890 188", "bic": BIC, "account_holder": "M"},
    ).content.decode()
    assert "Cet IBAN n&#x27;est pas valide" in page and "clé de contrôle" in page
    request.refresh_from_db()
    assert request.iban == "" and request.bic == BIC and request.account_holder == "M"
    page = client.post(_step(bourse, 3), {"iban": IBAN, "bic": "DEUTDEFF", "account_holder": "M"})
    assert "ne correspond pas au pays" in page.content.decode()
    page = client.post(_step(bourse, 2), {}).content.decode()
    assert "Joignez l&#x27;avis d&#x27;imposition" in page
    fake = SimpleUploadedFile("avis.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(_step(bourse, 2), {"document": fake}).content.decode()
    assert "fr-error-text" in page
    request.refresh_from_db()
    assert not request.document
    response = client.post(
        reverse("teleservices:bourse_submit", kwargs={"pupil_id": bourse.pupil.pk})
    )
    assert "La demande est incomplète" in response.content.decode()


def test_submission_after_closing_keeps_the_draft(client, bourse):
    filled_draft(bourse)
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(bourse.mother)
    response = client.post(
        reverse("teleservices:bourse_submit", kwargs={"pupil_id": bourse.pupil.pk})
    )
    assert "La campagne est close depuis le" in response.content.decode()
    assert BourseRequest.objects.get().status == "brouillon"
    page = client.get(_page(bourse)).content.decode()
    assert "ne peut plus être envoyé" in page and "11" in page


def test_the_other_guardian_sees_the_first_request_and_cannot_edit_it(client, bourse):
    filled_draft(bourse)
    client.force_login(bourse.father)
    page = client.get(_page(bourse)).content.decode()
    assert "faite par l'autre responsable" in page and "Brouillon" in page
    assert "Reprendre la demande" not in page
    assert client.get(_step(bourse, 1)).status_code == 302
    response = client.post(
        reverse("teleservices:bourse_submit", kwargs={"pupil_id": bourse.pupil.pk})
    )
    assert "existe déjà" in response.content.decode()
    assert BourseRequest.objects.get().status == "brouillon"


def test_nobody_else_sees_anything(client, bourse):
    filled_draft(bourse)
    urls = [
        _page(bourse),
        _step(bourse, 1),
        reverse("teleservices:bourse_document", kwargs={"pupil_id": bourse.pupil.pk}),
        reverse("teleservices:bourse_pdf", kwargs={"pupil_id": bourse.pupil.pk}),
    ]
    for user in (bourse.carer, bourse.classmate_parent):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    # The mother's 6e child: no campaign for his class.
    client.force_login(bourse.mother)
    hugo = reverse("teleservices:bourse", kwargs={"pupil_id": bourse.sixth.pk})
    assert client.get(hugo).status_code == 404


def test_the_pupil_sees_nothing_of_the_bourse(client, bourse):
    from accounts.models import User
    from tests.factories import UserFactory

    bourse.pupil.account = UserFactory(
        username="e.lea", profile=User.Profile.ELEVE, accepted_charter_version=99
    )
    bourse.pupil.save(update_fields=["account"])
    filled_draft(bourse)
    client.force_login(bourse.pupil.account)
    assert client.get(_page(bourse)).status_code == 404
    page = client.get(reverse("teleservices:services_en_ligne")).content.decode()
    assert "Demande de bourse de collège" not in page


def test_downloads_are_attachments_for_the_family(client, bourse):
    request = filled_draft(bourse)
    client.force_login(bourse.father)  # the other legal representative may read it too
    response = client.get(
        reverse("teleservices:bourse_document", kwargs={"pupil_id": bourse.pupil.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    pdf = reverse("teleservices:bourse_pdf", kwargs={"pupil_id": bourse.pupil.pk})
    assert client.get(pdf).status_code == 404  # no decision yet
    bourse_submit(role=school_role(bourse.mother), actor=bourse.mother, request=request)
    bourse_accept(actor=bourse.secretary, request=request, echelon=3, document_checked=True)
    response = client.get(pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    page = client.get(_page(bourse)).content.decode()
    assert "Bourse accordée" in page and "Échelon 3" in page


def test_query_counts_are_fixed(client, bourse):
    """Session, user, family, children, campaign and its classes, requests (and orientation files
    on SERVICES EN LIGNE); the barème (3) once
    the draft has figures to estimate. The same with one child or several."""
    client.force_login(bourse.mother)
    session = session_queries()
    pages = {
        reverse("teleservices:services_en_ligne"): (7, 7),
        _page(bourse): (6, 9),
        _step(bourse, 1): (6, 9),
    }
    for before_after in (0, 1):
        if before_after:
            filled_draft(bourse)
        for url, counts in pages.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            expected = counts[before_after] + session
            assert len(queries) == expected, (url, [q["sql"] for q in queries])


def test_services_en_ligne_costs_the_same_with_more_children(client, bourse):
    from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory

    client.force_login(bourse.mother)
    url = reverse("teleservices:services_en_ligne")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    guardian = GuardianFactory(establishment=bourse.school, account=bourse.mother)
    for _ in range(3):
        GuardianLinkFactory(
            guardian=guardian,
            pupil=PupilFactory(establishment=bourse.school, division=bourse.cinquieme),
        )
    filled_draft(bourse)
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert page.count("faire la demande") == 3 and "voir la demande" in page
    assert len(more) == len(one)
