"""The teachers fill their subject's part of a class's bilans in one form; the direction writes
the general part and locks the bilan; a locked bilan is read-only for everyone (the server
refuses, nothing written). Bad input: a French message, nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from livret.models import Bilan, BilanSubject
from tests.livret.conftest import lock
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


def _sheet_url(world, service=None):
    service = service or world["service"]
    url = reverse("livret:service", kwargs={"service_id": service.pk})
    return f"{url}?periode={world['period'].pk}"


def _post(world, rows: dict, service=None):
    data = {"periode": world["period"].pk}
    for pupil, (programme, positionnement, appreciation) in rows.items():
        pk = pupil if isinstance(pupil, int) else pupil.pk
        data[f"prog-{pk}"] = programme
        data[f"pos-{pk}"] = positionnement
        data[f"app-{pk}"] = appreciation
    return data


def test_the_teacher_fills_the_whole_class_in_one_form(client, livret):
    client.force_login(livret["teacher"].account)
    page = client.get(_sheet_url(livret)).content.decode()
    # The averages come from the mark book: 15 and 9, class 12.
    assert "15,00" in page and "9,00" in page and "12,00" in page
    response = client.post(
        _sheet_url(livret),
        _post(
            livret,
            {
                livret["pupil"]: ("Le conte\nLa poésie", "", "Très bon trimestre."),
                livret["classmate"]: ("Le conte", "2", "Des efforts à poursuivre."),
            },
        ),
    )
    assert response.status_code == 302
    lines = {line.bilan.pupil_id: line for line in BilanSubject.objects.select_related("bilan")}
    assert lines[livret["pupil"].pk].programme_lines == ["Le conte", "La poésie"]
    assert lines[livret["classmate"].pk].positionnement == 2
    assert lines[livret["pupil"].pk].subject_label == "Français"
    assert AuditEvent.objects.filter(action="livret.subject.save").count() == 1
    page = client.get(_sheet_url(livret)).content.decode()
    assert "Très bon trimestre." in page


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("", "", "x" * 601), "fait 601 caractères : 600 au plus"),
        (("", "5", "Bien."), "doit être 1, 2, 3 ou 4"),
        (("", "0", "Bien."), "doit être 1, 2, 3 ou 4"),
        (("y" * 301, "", "Bien."), "plus de 300 caractères"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(client, livret, row, message):
    client.force_login(livret["teacher"].account)
    response = client.post(
        _sheet_url(livret),
        _post(livret, {livret["classmate"]: ("", "", "Bien."), livret["pupil"]: row}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Rien n&#x27;a été enregistré" in response.content.decode()
    assert not BilanSubject.objects.exists() and not Bilan.objects.exists()


def test_a_pupil_outside_the_class_is_refused(client, livret):
    from tests.factories import PupilFactory

    stranger = PupilFactory(establishment=livret["a"])
    client.force_login(livret["teacher"].account)
    response = client.post(_sheet_url(livret), _post(livret, {stranger: ("", "", "Bien.")}))
    assert response.status_code == 400
    assert "pas dans cette classe" in response.content.decode()
    assert not Bilan.objects.exists()


def test_only_the_services_teacher_reaches_the_form(client, livret):
    for user in (livret["outsider"].account, livret["colleague"].account, livret["parent"]):
        client.force_login(user)
        assert client.get(_sheet_url(livret)).status_code == 404
        assert client.post(_sheet_url(livret), _post(livret, {})).status_code == 404


def test_the_direction_locks_the_bilan_and_it_freezes(client, livret):
    bilan = lock(livret)
    assert bilan.is_locked and bilan.division_code == "4 A"
    # Vie scolaire of the period: 1 retard (the one before the period is not counted), 2
    # half-days justified, 1 unjustified, 9 hours.
    assert (bilan.retards, bilan.half_days_justified, bilan.half_days_unjustified) == (1, 2, 1)
    assert bilan.hours_missed == 9
    lines = {line.subject_label: line for line in bilan.lines.all()}
    assert set(lines) == {"Français", "Mathématiques"}
    assert str(lines["Français"].average) == "15.00"
    assert str(lines["Français"].class_average) == "12.00"
    assert str(lines["Mathématiques"].average) == "12.50"
    assert AuditEvent.objects.filter(action="livret.bilan.lock").count() == 1


def test_a_locked_bilan_is_read_only_for_everyone(client, livret):
    lock(livret)
    before = list(BilanSubject.objects.values_list("pk", "appreciation", "positionnement"))
    client.force_login(livret["teacher"].account)
    page = client.get(_sheet_url(livret)).content.decode()
    assert f'name="app-{livret["pupil"].pk}"' not in page  # no input for the locked pupil
    response = client.post(
        _sheet_url(livret), _post(livret, {livret["pupil"]: ("Autre", "3", "Changé.")})
    )
    assert response.status_code == 400
    assert "est verrouillé" in response.content.decode()
    assert list(BilanSubject.objects.values_list("pk", "appreciation", "positionnement")) == before
    client.force_login(livret["direction"].account)
    url = reverse(
        "livret:bilan", kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk}
    )
    response = client.post(url, {"general_appreciation": "Changé."})
    assert response.status_code == 400
    assert "plus personne ne peut le modifier" in response.content.decode()
    assert Bilan.objects.get().general_appreciation == "Bon trimestre."
    lock_url = reverse(
        "livret:bilan_lock",
        kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk},
    )
    response = client.post(lock_url, follow=True)
    assert "plus personne ne peut le modifier" in response.content.decode()
    assert AuditEvent.objects.filter(action="livret.bilan.lock").count() == 1


def test_locking_needs_the_general_appreciation_and_a_council_date(client, livret):
    client.force_login(livret["direction"].account)
    lock_url = reverse(
        "livret:bilan_lock",
        kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk},
    )
    page = client.post(lock_url, follow=True).content.decode()
    assert "Écrivez l&#x27;appréciation générale avant de verrouiller" in page
    assert not Bilan.objects.filter(locked_at__isnull=False).exists()
    livret["period"].council_on = None
    livret["period"].save(update_fields=["council_on"])
    bilan_url = reverse(
        "livret:bilan", kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk}
    )
    assert client.post(bilan_url, {"general_appreciation": "Bien."}).status_code == 302
    page = client.post(lock_url, follow=True).content.decode()
    assert "pas de date de conseil de classe" in page
    assert not Bilan.objects.filter(locked_at__isnull=False).exists()


def test_the_direction_general_part_refuses_bad_input(client, livret):
    client.force_login(livret["direction"].account)
    url = reverse(
        "livret:bilan", kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk}
    )
    response = client.post(url, {"general_appreciation": "z" * 1001})
    assert response.status_code == 400 and "1 000 au plus" in response.content.decode()
    response = client.post(url, {"general_appreciation": "Bien.", "accompaniments": ["XYZ"]})
    assert response.status_code == 400 and "inconnue" in response.content.decode()
    assert not Bilan.objects.exists()
    response = client.post(
        url,
        {
            "general_appreciation": "Bien.",
            "accompaniments": ["PAP", "PAI"],
            "parcours_PAR_AVN": "Stage",
        },
    )
    assert response.status_code == 302
    bilan = Bilan.objects.get()
    assert bilan.accompaniments == ["PAP", "PAI"] and bilan.parcours == {"PAR_AVN": "Stage"}


def test_teachers_and_families_do_not_reach_the_direction_pages(client, livret):
    url = reverse(
        "livret:bilan", kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk}
    )
    division = reverse("livret:division", kwargs={"division_id": livret["division"].pk})
    for user in (livret["teacher"].account, livret["parent"], livret["pupil"].account):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"general_appreciation": "x"}).status_code == 404
        assert client.get(division).status_code == 404
    assert not Bilan.objects.exists()


def test_the_class_form_costs_the_same_for_two_or_thirty_pupils(
    client, livret, django_assert_num_queries
):
    from tests.factories import PupilFactory

    client.force_login(livret["teacher"].account)
    client.get(_sheet_url(livret))
    with django_assert_num_queries(session_queries() + 12) as small:
        client.get(_sheet_url(livret))
    PupilFactory.create_batch(28, establishment=livret["a"], division=livret["division"])
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(_sheet_url(livret))
    assert page.content.decode().count('name="app-') == 30


def test_the_class_overview_costs_the_same_for_two_or_thirty_pupils(
    client, livret, django_assert_num_queries
):
    from tests.factories import PupilFactory

    url = reverse("livret:division", kwargs={"division_id": livret["division"].pk})
    client.force_login(livret["direction"].account)
    client.get(url)
    with django_assert_num_queries(session_queries() + 8) as small:
        client.get(url)
    PupilFactory.create_batch(28, establishment=livret["a"], division=livret["division"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_direction_bilan_page_costs_the_same_for_two_or_six_subjects(
    client, livret, django_assert_num_queries
):
    from tests.factories import StaffMemberFactory, SubjectFactory, TeachingServiceFactory

    url = reverse(
        "livret:bilan", kwargs={"pupil_id": livret["pupil"].pk, "period_id": livret["period"].pk}
    )
    client.force_login(livret["direction"].account)
    client.get(url)
    with django_assert_num_queries(session_queries() + 12) as small:
        client.get(url)
    for code in ("030201", "040700", "070100", "080100"):
        TeachingServiceFactory(
            establishment=livret["a"],
            teacher=StaffMemberFactory(establishment=livret["a"]),
            subject=SubjectFactory(establishment=livret["a"], code=code),
            division=livret["division"],
        )
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('<th scope="row">') == 6
