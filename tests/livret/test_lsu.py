"""The LSU export: the direction exports a class's locked bilans of a period as the XML file the
national Livret Scolaire Unique imports. The file is checked here with lxml against the rules of
the ministry's import schema the export relies on (written by the project: the schema file stays
out of the repository; docs/livret.md says which version was validated against)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from lxml import etree

from accounts.models import AuditEvent
from tests.livret.conftest import lock

pytestmark = pytest.mark.django_db

NS = "urn:fr:edu:scolarite:lsun:bilans:import"
Q = {"l": NS}
PARCOURS = {"PAR_AVN", "PAR_CIT", "PAR_ART", "PAR_SAN"}
MODALITES = {"PAP", "PPS", "UPE2A", "SEGPA", "ULIS", "PAI", "PPRE"}
IDREF_ATTRS = ("eleve-ref", "periode-ref", "responsable-etab-ref", "discipline-ref")
IDREFS_ATTRS = ("enseignant-refs", "element-programme-refs")


def _export(client, world):
    client.force_login(world["direction"].account)
    url = reverse("livret:lsu_export", kwargs={"division_id": world["division"].pk})
    return client.get(f"{url}?periode={world['period'].pk}")


def _tree(response):
    return etree.fromstring(response.content)


def test_the_export_is_a_lsun_bilans_file(client, livret):
    lock(livret, accompaniments=["PPRE", "PAI"])
    lock(livret, pupil=livret["classmate"], general="Trimestre fragile.", parcours={})
    response = _export(client, livret)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Content-Disposition"].startswith("attachment;")
    root = _tree(response)
    assert root.tag == f"{{{NS}}}lsun-bilans"
    assert root.get("schemaVersion") == "10.0"
    assert [child.tag.split("}")[1] for child in root] == ["entete", "donnees"]
    entete = root.find("l:entete", Q)
    assert {c.tag.split("}")[1] for c in entete} >= {"editeur", "application", "etablissement"}
    assert len(entete.findtext("l:etablissement", namespaces=Q)) == 8
    donnees = root.find("l:donnees", Q)
    # The sequence of donnees, in the schema's order.
    order = [child.tag.split("}")[1] for child in donnees]
    expected = [
        "responsables-etab",
        "eleves",
        "periodes",
        "disciplines",
        "enseignants",
        "elements-programme",
        "bilans-periodiques",
    ]
    assert order == [name for name in expected if name in order]
    assert order[:2] == ["responsables-etab", "eleves"]


def test_pupils_and_teachers_carry_their_siecle_and_sts_ids(client, livret):
    lock(livret)
    root = _tree(_export(client, livret))
    eleve = root.find(".//l:eleve", Q)
    assert eleve.get("id-be") == livret["pupil"].siecle_id
    assert eleve.get("code-division") == "4 A"
    ids_sts = {e.get("id-sts") for e in root.iterfind(".//l:enseignant", Q)}
    assert ids_sts == {livret["teacher"].sts_id, livret["colleague"].sts_id}
    assert all(e.get("type") == "epp" for e in root.iterfind(".//l:enseignant", Q))
    names = {e.get("nom") for e in root.iterfind(".//l:enseignant", Q)}
    assert names == {livret["teacher"].last_name, livret["colleague"].last_name}
    periode = root.find(".//l:periode", Q)
    assert (periode.get("millesime"), periode.get("indice"), periode.get("nb-periodes")) == (
        str(livret["year"]),
        str(livret["period"].number),
        "3",
    )


def test_every_reference_points_to_an_id_of_the_file(client, livret):
    lock(livret)
    lock(livret, pupil=livret["classmate"], general="Bien.")
    root = _tree(_export(client, livret))
    ids = [el.get("id") for el in root.iter() if el.get("id") is not None]
    assert len(ids) == len(set(ids))
    known = set(ids)
    refs = []
    for el in root.iter():
        refs += [el.get(a) for a in IDREF_ATTRS if el.get(a)]
        refs += [r for a in IDREFS_ATTRS if el.get(a) for r in el.get(a).split()]
    assert refs and set(refs) <= known
    assert len(root.findall(".//l:bilan-periodique", Q)) == 2


def test_values_follow_the_schemas_code_lists_and_lengths(client, livret):
    lock(livret, accompaniments=["PPRE"], parcours={"PAR_CIT": "Délégué.", "PAR_AVN": "Stage."})
    bilan = _tree(_export(client, livret)).find(".//l:bilan-periodique", Q)
    for attr in (
        "eleve-ref",
        "periode-ref",
        "date-conseil-classe",
        "date-scolarite",
        "responsable-etab-ref",
    ):
        assert bilan.get(attr), attr
    assert {p.get("code") for p in bilan.iterfind(".//l:parcours", Q)} <= PARCOURS
    assert {m.get("code") for m in bilan.iterfind(".//l:modalite-accompagnement", Q)} == {"PPRE"}
    assert {m.get("code") for m in bilan.iterfind(".//l:modalite-accompagnement", Q)} <= MODALITES
    for acquis in bilan.iterfind(".//l:acquis", Q):
        assert (
            acquis.get("moyenne-eleve")
            or acquis.get("positionnement")
            or acquis.get("statut-evaluation-eleve")
        )
        if acquis.get("moyenne-eleve"):
            assert 0 <= float(acquis.get("moyenne-eleve")) <= 20
            assert len(acquis.get("moyenne-eleve").split(".")[1]) == 2
        text = acquis.findtext("l:appreciation", namespaces=Q)
        assert text is None or 1 <= len(text.strip()) <= 1000
    for discipline in bilan.getroottree().iterfind(".//l:discipline", Q):
        assert len(discipline.get("code")) == 6 and 1 <= len(discipline.get("libelle")) <= 40
        assert discipline.get("modalite-election") == "S"
    general = bilan.findtext("l:acquis-conseils", namespaces=Q)
    assert 1 <= len(general) <= 1000
    vie = bilan.find("l:vie-scolaire", Q)
    assert (
        vie.get("nb-retards"),
        vie.get("nb-abs-justifiees"),
        vie.get("nb-abs-injustifiees"),
        vie.get("nb-heures-manquees"),
    ) == ("1", "2", "1", "9")
    # The children of a bilan-periodique, in the schema's order.
    names = [child.tag.split("}")[1] for child in bilan]
    assert names == [
        "liste-acquis",
        "liste-parcours",
        "modalites-accompagnement",
        "acquis-conseils",
        "vie-scolaire",
    ]


def test_a_positionnement_replaces_the_average(client, livret):
    client.force_login(livret["teacher"].account)
    url = reverse("livret:service", kwargs={"service_id": livret["service"].pk})
    pk = livret["pupil"].pk
    client.post(
        url,
        {
            "periode": livret["period"].pk,
            f"prog-{pk}": "Le conte",
            f"pos-{pk}": "3",
            f"app-{pk}": "Bien & <sérieux>.",
        },
    )
    lock(livret)
    root = _tree(_export(client, livret))
    french = root.find(".//l:acquis[@discipline-ref='DI_020100']", Q)
    assert french.get("positionnement") == "3" and french.get("moyenne-eleve") is None
    assert french.findtext("l:appreciation", namespaces=Q) == "Bien & <sérieux>."
    ref = french.get("element-programme-refs")
    assert root.find(f".//l:element-programme[@id='{ref}']", Q).get("libelle") == "Le conte"


def test_only_locked_bilans_are_exported_and_an_empty_export_is_refused(client, livret):
    response = _export(client, livret)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Aucun bilan verrouillé" in page
    lock(livret)
    root = _tree(_export(client, livret))
    assert len(root.findall(".//l:bilan-periodique", Q)) == 1
    assert AuditEvent.objects.filter(action="livret.lsu.export").count() == 1


def test_a_teacher_without_a_numeric_sts_id_stops_the_export_in_french(client, livret):
    lock(livret)
    from livret.models import BilanSubject

    BilanSubject.objects.filter(subject_label="Français").update(teacher_sts_id="LOCAL12")
    response = _export(client, livret)
    assert response.status_code == 302
    assert "identifiant STS numérique" in client.get(response.url).content.decode()


def test_nobody_but_the_direction_exports(client, livret):
    lock(livret)
    url = reverse("livret:lsu_export", kwargs={"division_id": livret["division"].pk})
    for user in (livret["teacher"].account, livret["parent"], livret["pupil"].account):
        client.force_login(user)
        assert client.get(url).status_code == 404


def _school_export(client, world, user=None):
    client.force_login(user or world["direction"].account)
    return client.get(f"{reverse('livret:school_lsu_export')}?periode={world['period'].pk}")


def test_the_school_export_holds_every_class_of_the_establishment_only(client, livret):
    from django.utils import timezone

    from livret.models import Bilan
    from tests.factories import PupilFactory

    other_class = livret["other_service"].division
    abel = PupilFactory(establishment=livret["a"], division=other_class, last_name="ABEL")
    lock(livret)
    lock(livret, pupil=abel, general="Bon début en 4 B.")
    # A locked bilan of another establishment never goes into A's file.
    Bilan.objects.create(
        establishment=livret["b"],
        pupil=PupilFactory(establishment=livret["b"]),
        period=livret["period"],
        school_year=livret["year"],
        period_label="1er trimestre",
        period_number=1,
        period_count=3,
        starts_on=livret["period"].starts_on,
        ends_on=livret["period"].ends_on,
        division_code="3 Z",
        locked_at=timezone.now(),
    )
    response = _school_export(client, livret)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="lsu-bilans-{livret["a"].uai}-periode-{livret["period"].number}.xml"'
    )
    root = _tree(response)
    assert root.find("l:entete/l:etablissement", Q).text == livret["a"].uai
    assert {e.get("code-division") for e in root.iterfind(".//l:eleve", Q)} == {"4 A", "4 B"}
    assert len(root.findall(".//l:bilan-periodique", Q)) == 2
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert all(b.get("eleve-ref") in ids for b in root.iterfind(".//l:bilan-periodique", Q))
    assert AuditEvent.objects.filter(action="livret.lsu.export").count() == 1


def test_an_empty_school_export_is_refused_in_french(client, livret):
    response = _school_export(client, livret)
    assert response.status_code == 302
    assert (
        "Aucun bilan verrouillé dans l&#x27;établissement"
        in client.get(response.url).content.decode()
    )


def test_nobody_but_the_direction_exports_the_school(client, livret):
    lock(livret)
    for user in (livret["teacher"].account, livret["parent"], livret["pupil"].account):
        assert _school_export(client, livret, user).status_code == 404
    client.logout()
    assert client.get(reverse("livret:school_lsu_export")).status_code == 302


def test_the_index_offers_the_school_export_to_the_direction(client, livret):
    client.force_login(livret["direction"].account)
    page = client.get(reverse("livret:index")).content.decode()
    assert reverse("livret:school_lsu_export") in page and "periode-export" in page
    client.force_login(livret["teacher"].account)
    assert (
        reverse("livret:school_lsu_export")
        not in client.get(reverse("livret:index")).content.decode()
    )


def test_the_school_export_proposes_the_latest_locked_period(client, livret):
    from accounts.school import school_role
    from livret import services

    # A bilan locked in another period than the current one: the export proposes that period.
    other = next(p for p in livret["periods"] if p.pk != livret["period"].pk)
    actor = livret["direction"].account
    role = school_role(actor)
    services.bilan_general_save(
        actor=actor,
        role=role,
        pupil=livret["pupil"],
        period=other,
        appreciation="Bien.",
        parcours={},
        accompaniments=[],
    )
    services.bilan_lock(actor=actor, role=role, pupil=livret["pupil"], period=other)
    client.force_login(actor)
    page = client.get(reverse("livret:index")).content.decode()
    assert f'<option value="{other.pk}" selected>' in page
    # A period asked for in the address stays the one shown.
    current = livret["period"]
    page = client.get(f"{reverse('livret:index')}?periode={current.pk}").content.decode()
    assert f'<option value="{current.pk}" selected>' in page
