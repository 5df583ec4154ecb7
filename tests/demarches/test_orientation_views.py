"""The orientation pages: the family's (draft kept on an error, validation, the answer, the
meeting proposed), the pupil's read-only view, the conseil de classe's class list and file page;
who sees nothing; the query counts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.school import school_role
from demarches.models import OrientationFile
from demarches.services import orientation_council_answer
from tests.demarches.conftest import validated_file
from tests.portal.test_dashboard import session_queries


def _page(o):
    return reverse("teleservices:orientation", kwargs={"pupil_id": o.pupil.pk})


def _save_url(o, campaign=None):
    return reverse(
        "teleservices:orientation_save",
        kwargs={"pupil_id": o.pupil.pk, "campaign_id": (campaign or o.intentions).pk},
    )


def _answer_url(o, campaign=None):
    return reverse(
        "teleservices:orientation_answer",
        kwargs={"pupil_id": o.pupil.pk, "campaign_id": (campaign or o.intentions).pk},
    )


def _wishes(**extra):
    data = {"voie_1": "2gt", "specialite_1": "", "voie_2": "", "specialite_2": "", "comment": ""}
    data.update(extra)
    return data


def test_services_en_ligne_links_the_orientation(client, orientation):
    client.force_login(orientation.mother)
    page = client.get(reverse("teleservices:services_en_ligne")).content.decode()
    assert "Orientation : intentions provisoires" in page and "saisir les choix" in page


def test_family_draft_validation_and_the_other_guardian_sees_who(client, orientation):
    o = orientation
    client.force_login(o.mother)
    page = client.get(_page(o)).content.decode()
    assert "Premier choix" in page and "Valider pour la famille" in page
    response = client.post(_save_url(o), {**_wishes(), "action": "brouillon"})
    assert response.status_code == 302
    assert OrientationFile.objects.get().status == OrientationFile.State.DRAFT
    response = client.post(
        _save_url(o),
        {**_wishes(voie_2="cap", specialite_2="Cuisine"), "action": "valider"},
        follow=True,
    )
    assert "validés pour la famille" in response.content.decode()
    client.force_login(o.father)
    page = client.get(_page(o)).content.decode()
    assert "Validé pour la famille par" in page and "Cuisine" in page
    # Only the vœux définitifs (open too, nothing entered) still has a form.
    assert page.count("Valider pour la famille") == 1


def test_a_voeu_outside_the_list_keeps_what_was_typed(client, orientation):
    o = orientation
    client.force_login(o.mother)
    client.post(_save_url(o), {**_wishes(), "action": "brouillon"})
    response = client.post(
        _save_url(o),
        {
            **_wishes(voie_1="bac-pro", voie_2="cap", specialite_2="Boulangerie"),
            "action": "valider",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;est pas dans la liste" in page or "n'est pas dans la liste" in page
    assert 'value="Boulangerie"' in page  # what was typed is shown again
    file = OrientationFile.objects.get()
    assert file.status == OrientationFile.State.DRAFT and file.wishes[0]["voie"] == "2gt"


def test_a_cap_without_specialty_is_refused(client, orientation):
    o = orientation
    client.force_login(o.mother)
    response = client.post(_save_url(o), {**_wishes(voie_1="cap"), "action": "valider"})
    assert "Indiquez la spécialité" in response.content.decode()
    assert not OrientationFile.objects.exists()


def test_the_family_accepts_or_disagrees(client, orientation):
    o = orientation
    file = validated_file(o, o.voeux)
    orientation_council_answer(
        role=school_role(o.principal), actor=o.principal, file=file, proposal=("2gt", "")
    )
    client.force_login(o.father)
    page = client.get(_page(o)).content.decode()
    assert "Proposition d'orientation" in page and "J'accepte" in page
    response = client.post(_answer_url(o, o.voeux), {"reponse": "peut-etre"}, follow=True)
    assert "Répondez" in response.content.decode()
    response = client.post(_answer_url(o, o.voeux), {"reponse": "desaccord"}, follow=True)
    page = response.content.decode()
    assert "entretien avec le chef d" in page
    assert OrientationFile.objects.get().status == OrientationFile.State.DISAGREED
    # The staff page shows it.
    client.force_login(o.principal)
    page = client.get(
        reverse("demarches:orientation_class", kwargs={"division_id": o.troisieme_a.pk})
    ).content.decode()
    assert "Entretien proposé" in page


def test_the_pupil_reads_their_file_only(client, orientation):
    o = orientation
    validated_file(o)
    client.force_login(o.pupil_account)
    page = client.get(_page(o)).content.decode()
    assert "Tes représentants légaux" in page and "Cuisine" in page
    assert "Valider pour la famille" not in page
    assert client.post(_save_url(o), {**_wishes(), "action": "valider"}).status_code == 404


def test_nobody_else_sees_anything(client, orientation):
    o = orientation
    validated_file(o)
    for user in (o.other_parent, o.carer, o.principal):
        client.force_login(user)
        assert client.get(_page(o)).status_code == 404, user
        assert client.post(_answer_url(o), {"reponse": "accepte"}).status_code == 404, user


def test_council_pages_for_the_principal_teacher_and_the_direction(client, orientation):
    o = orientation
    file = validated_file(o)
    client.force_login(o.principal)
    # One class: straight to it.
    response = client.get(reverse("demarches:orientation_home"))
    assert response["Location"] == reverse(
        "demarches:orientation_class", kwargs={"division_id": o.troisieme_a.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "BARON Loïc" in page and "ADAM Jade" in page and "Rien de saisi" in page
    url = reverse("demarches:orientation_file", kwargs={"file_id": file.pk})
    response = client.post(url, {"action": "conseil", "avis_1": "favorable", "avis_2": "bof"})
    assert "Avis : favorable, réservé ou défavorable" in response.content.decode()
    response = client.post(
        url,
        {"action": "conseil", "avis_1": "favorable", "avis_2": "reserve", "comment": "Bien."},
        follow=True,
    )
    assert "la famille est prévenue" in response.content.decode()
    file.refresh_from_db()
    assert file.status == OrientationFile.State.ANSWERED
    # The professeur principal of another class, a teacher, a family: nothing.
    client.force_login(o.other_principal)
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("demarches:orientation_class", kwargs={"division_id": o.troisieme_a.pk})
        ).status_code
        == 404
    )
    for user in (o.teacher, o.mother):
        client.force_login(user)
        assert client.get(reverse("demarches:orientation_home")).status_code == 403
        assert client.get(url).status_code == 403
    client.force_login(o.direction)
    page = client.get(reverse("demarches:orientation_home")).content.decode()
    assert "3 A" in page and "3 B" in page


def test_direction_records_the_decision(client, orientation):
    o = orientation
    file = validated_file(o, o.voeux)
    orientation_council_answer(
        role=school_role(o.principal), actor=o.principal, file=file, proposal=("2gt", "")
    )
    client.force_login(o.mother)
    client.post(_answer_url(o, o.voeux), {"reponse": "accepte"})
    client.force_login(o.direction)
    url = reverse("demarches:orientation_file", kwargs={"file_id": file.pk})
    assert "Enregistrer la décision" in client.get(url).content.decode()
    response = client.post(url, {"action": "decision", "voie": "lycee"})
    assert "pas dans la liste" in response.content.decode()
    client.post(url, {"action": "decision", "voie": "2gt", "comment": ""})
    file.refresh_from_db()
    assert file.status == OrientationFile.State.DECIDED
    client.force_login(o.father)
    assert "Décision d'orientation" in client.get(_page(o)).content.decode()


def test_query_counts_are_fixed(client, orientation):
    """Family page: session, user, role, children, campaigns and their classes, files. Class
    page: session, user, role (3), divisions, campaigns and classes, pupils, files."""
    o = orientation
    session = session_queries()
    from tests.factories import PupilFactory

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries) - session

    client.force_login(o.mother)
    family = count(_page(o))
    validated_file(o)
    assert count(_page(o)) == family == 6
    client.force_login(o.principal)
    url = reverse("demarches:orientation_class", kwargs={"division_id": o.troisieme_a.pk})
    few = count(url)
    for _ in range(4):
        PupilFactory(establishment=o.school, division=o.troisieme_a)
    assert count(url) == few == 9


def test_a_submission_after_the_closing_is_refused_and_the_draft_kept(client, orientation):
    import datetime

    from django.utils import timezone

    from demarches.models import Campaign

    o = orientation
    client.force_login(o.mother)
    client.post(_save_url(o), {**_wishes(), "action": "brouillon"})
    now = timezone.now()
    Campaign.objects.filter(pk=o.intentions.pk).update(
        opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(minutes=1)
    )
    response = client.post(
        _save_url(o),
        {**_wishes(voie_1="2pro", specialite_1="Vente"), "action": "valider"},
        follow=True,
    )
    assert "close depuis le" in response.content.decode()
    file = OrientationFile.objects.get()
    assert file.status == OrientationFile.State.DRAFT and file.wishes[0]["voie"] == "2gt"


def test_the_pupil_finds_their_file_in_services_en_ligne(client, orientation):
    o = orientation
    validated_file(o)
    client.force_login(o.pupil_account)
    page = client.get(reverse("teleservices:services_en_ligne")).content.decode()
    assert "lire ton dossier d&#x27;orientation" in page or "lire ton dossier d'orientation" in page
    assert "Demande de bourse de collège" not in page


def test_the_staff_does_not_read_a_draft(client, orientation):
    o = orientation
    client.force_login(o.mother)
    client.post(_save_url(o), {**_wishes(), "action": "brouillon"})
    file = OrientationFile.objects.get()
    client.force_login(o.direction)
    page = client.get(
        reverse("demarches:orientation_class", kwargs={"division_id": o.troisieme_a.pk})
    ).content.decode()
    assert "pas encore validé par la famille" in page
    url = reverse("demarches:orientation_file", kwargs={"file_id": file.pk})
    assert client.get(url).status_code == 404


def test_the_vie_scolaire_desk_links_the_orientation_for_those_who_enter_it(client, orientation):
    from accounts.models import StaffMember
    from tests.factories import TeachingServiceFactory

    link = reverse("demarches:orientation_home")
    for teacher in (orientation.principal, orientation.teacher):  # both teach the 3 A
        TeachingServiceFactory(
            establishment=orientation.troisieme_a.establishment,
            teacher=StaffMember.objects.get(account=teacher),
            division=orientation.troisieme_a,
        )
    for user, shown in (
        (orientation.principal, True),
        (orientation.direction, True),
        (orientation.teacher, False),  # not a professeur principal: the page would refuse him
    ):
        client.force_login(user)
        page = client.get(reverse("vie_scolaire:desk")).content.decode()
        assert (f'href="{link}"' in page) is shown, user
