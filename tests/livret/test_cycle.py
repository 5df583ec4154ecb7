"""The bilan de fin de cycle: in 6e (cycle 3) and 3e (cycle 4) the direction places each pupil on
the 8 components of the socle (0 to 4) beside the levels the pupil reached, writes a synthesis and
locks it; the family sees it in LIVRET with its PDF; the LSU export carries it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from accounts.models import AuditEvent
from accounts.school import school_role
from evaluations.models import SkillItem, SkillLevel
from evaluations.socle import COMPONENTS
from livret import services
from livret.models import CycleBilan
from tests.livret.conftest import lock
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

NS = "urn:fr:edu:scolarite:lsun:bilans:import"
Q = {"l": NS}
ALL_THREE = dict.fromkeys(COMPONENTS, "3")


@pytest.fixture
def cycle(livret):
    """The class 4 A becomes a 3e: its pupils end cycle 4 this year."""
    livret["division"].level = "3"
    livret["division"].save(update_fields=["level"])
    livret["pupil"].refresh_from_db()
    livret["classmate"].refresh_from_db()
    return livret


def _url(world, pupil=None, name="livret:cycle"):
    return reverse(name, kwargs={"pupil_id": (pupil or world["pupil"]).pk})


def _form(components=None, synthesis="Des acquis solides."):
    data = {f"comp_{code}": value for code, value in (components or ALL_THREE).items()}
    data["synthesis"] = synthesis
    return data


def _save_and_lock(world, pupil=None, components=None, synthesis="Des acquis solides."):
    actor = world["direction"].account
    role = school_role(actor)
    pupil = pupil or world["pupil"]
    pupil.refresh_from_db()
    services.cycle_bilan_save(
        actor=actor,
        role=role,
        pupil=pupil,
        components=components or ALL_THREE,
        synthesis=synthesis,
    )
    return services.cycle_bilan_lock(actor=actor, role=role, pupil=pupil)


def test_the_direction_places_the_pupil_and_locks(client, cycle):
    client.force_login(cycle["direction"].account)
    page = client.get(_url(cycle)).content.decode()
    assert "Bilan de fin de cycle 4" in page and page.count('name="comp_') == 8
    response = client.post(_url(cycle), _form({**ALL_THREE, "CPD_ART": "0", "MET_APP": ""}))
    assert response.status_code == 302
    found = CycleBilan.objects.get()
    assert found.cycle == 4 and found.school_year == cycle["year"]
    assert found.components["CPD_ART"] == 0 and "MET_APP" not in found.components
    # Locking needs the 8 components.
    client.post(_url(cycle, name="livret:cycle_lock"))
    page = client.get(_url(cycle)).content.decode()
    assert "il en manque 1" in page
    assert CycleBilan.objects.get().locked_at is None
    client.post(_url(cycle), _form({**ALL_THREE, "CPD_ART": "0"}))
    client.post(_url(cycle, name="livret:cycle_lock"))
    found = CycleBilan.objects.get()
    assert found.is_locked and found.locked_by_name
    page = client.get(_url(cycle)).content.decode()
    assert "Ce bilan est verrouillé" in page and "0 — Dispensé" in page
    assert AuditEvent.objects.filter(action="livret.cycle.lock").count() == 1


def test_a_locked_bilan_is_read_only(client, cycle):
    _save_and_lock(cycle)
    client.force_login(cycle["direction"].account)
    response = client.post(_url(cycle), _form({**ALL_THREE, "CPD_FRA": "1"}))
    assert response.status_code == 400
    assert "verrouillé" in response.content.decode()
    assert CycleBilan.objects.get().components["CPD_FRA"] == 3
    with pytest.raises(ValidationError):
        actor = cycle["direction"].account
        services.cycle_bilan_lock(actor=actor, role=school_role(actor), pupil=cycle["pupil"])


def test_bad_input_is_refused_in_french_and_nothing_is_written(client, cycle):
    client.force_login(cycle["direction"].account)
    response = client.post(_url(cycle), _form({**ALL_THREE, "SYS_NAT": "5"}, "x" * 1501))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez un niveau de 0 (dispensé) à 4" in page
    assert "La synthèse fait 1501 caractères : 1 500 au plus." in page
    assert "x" * 1501 in page  # what was typed is kept
    assert not CycleBilan.objects.exists()
    actor = cycle["direction"].account
    with pytest.raises(ValidationError):
        services.cycle_bilan_save(
            actor=actor,
            role=school_role(actor),
            pupil=cycle["pupil"],
            components={"XXX_YYY": "2"},
            synthesis="",
        )
    assert not CycleBilan.objects.exists()


def test_locking_needs_a_synthesis(client, cycle):
    client.force_login(cycle["direction"].account)
    client.post(_url(cycle), _form(synthesis="  "))
    client.post(_url(cycle, name="livret:cycle_lock"))
    assert "Écrivez la synthèse" in client.get(_url(cycle)).content.decode()
    assert CycleBilan.objects.get().locked_at is None


def test_only_6e_and_3e_have_a_bilan_de_fin_de_cycle(client, livret):
    client.force_login(livret["direction"].account)
    assert client.get(_url(livret)).status_code == 404  # a 4e
    actor = livret["direction"].account
    with pytest.raises(ValidationError, match="6e"):
        services.cycle_bilan_save(
            actor=actor, role=school_role(actor), pupil=livret["pupil"], components={}, synthesis=""
        )
    livret["division"].level = "6"
    livret["division"].save(update_fields=["level"])
    assert "Bilan de fin de cycle 3" in client.get(_url(livret)).content.decode()


def test_nobody_but_the_direction_writes_it(client, cycle):
    for user in (cycle["teacher"].account, cycle["parent"], cycle["pupil"].account):
        client.force_login(user)
        assert client.get(_url(cycle)).status_code == 404
        assert client.post(_url(cycle), _form()).status_code == 404
    assert not CycleBilan.objects.exists()


def test_the_levels_reached_are_shown_beside_each_component(client, cycle):
    items = [
        SkillItem.objects.create(
            establishment=cycle["a"],
            service=cycle["service"],
            period=cycle["period"],
            component="CPD_FRA",
            label=label,
            date=cycle["period"].starts_on,
            visible_from=cycle["period"].starts_on,
        )
        for label in ("Lire à voix haute", "Rédiger un texte")
    ]
    SkillLevel.objects.create(item=items[0], pupil=cycle["pupil"], level=2)
    SkillLevel.objects.create(item=items[1], pupil=cycle["pupil"], level=3)
    SkillLevel.objects.create(item=items[1], pupil=cycle["classmate"], level=1)
    client.force_login(cycle["direction"].account)
    page = client.get(_url(cycle)).content.decode()
    # Two evaluations, 2 and 3: the mean 2.5 rounds to 3.
    assert "MI 0 · MF 1 · MS 1 · TB 0 · niveau moyen : 3" in page
    assert page.count("Aucune évaluation de cette composante.") == 7


def test_the_family_sees_the_locked_bilan_and_its_pdf(
    client, cycle, django_capture_on_commit_callbacks
):
    actor = cycle["direction"].account
    services.cycle_bilan_save(
        actor=actor,
        role=school_role(actor),
        pupil=cycle["pupil"],
        components=ALL_THREE,
        synthesis="Brouillon de synthèse.",
    )
    livret_url = reverse("teleservices:livret", kwargs={"pupil_id": cycle["pupil"].pk})
    client.force_login(cycle["parent"])
    assert "Brouillon de synthèse." not in client.get(livret_url).content.decode()
    draft = CycleBilan.objects.get()
    pdf_url = reverse("livret:cycle_pdf", kwargs={"cycle_bilan_id": draft.pk})
    assert client.get(pdf_url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_bilan_lock(actor=actor, role=school_role(actor), pupil=cycle["pupil"])
    page = client.get(livret_url).content.decode()  # the cached page moved with the lock
    assert "Bilan de fin de cycle 4" in page and "Brouillon de synthèse." in page
    assert page.count("3 — Maîtrise satisfaisante") == 8 and pdf_url in page
    for user in (cycle["parent"], cycle["pupil"].account, actor):
        client.force_login(user)
        response = client.get(pdf_url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) == 1
    assert "Bilan de fin de cycle" in text and "Fin du cycle 4 (classe de 3e)" in text
    assert "Brouillon de synthèse." in text and "Maîtrise satisfaisante" in text
    for user in (cycle["parent_b"], cycle["teacher"].account, cycle["outsider"].account):
        client.force_login(user)
        assert client.get(pdf_url).status_code == 404


def test_the_class_export_carries_the_bilans_de_fin_de_cycle(client, cycle):
    lock(cycle)
    _save_and_lock(cycle, components={**ALL_THREE, "CPD_ETR": "0", "SYS_NAT": "4"})
    _save_and_lock(cycle, pupil=cycle["classmate"], synthesis="Fragile & <à suivre>.")
    client.force_login(cycle["direction"].account)
    url = reverse("livret:lsu_export", kwargs={"division_id": cycle["division"].pk})
    root = etree.fromstring(client.get(f"{url}?periode={cycle['period'].pk}").content)
    donnees = root.find("l:donnees", Q)
    names = [child.tag.split("}")[1] for child in donnees]
    assert names[-2:] == ["bilans-periodiques", "bilans-cycle"]
    # One eleve per pupil, whatever the number of their bilans.
    assert len(root.findall(".//l:eleve", Q)) == 2
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    cycles = root.findall(".//l:bilan-cycle", Q)
    assert len(cycles) == 2
    for node in cycles:
        assert node.get("eleve-ref") in ids and node.get("responsable-etab-ref") in ids
        assert node.get("cycle") == "4" and len(node.get("millesime")) == 4
        assert len(node.get("date-creation")) == 10
        assert [c.tag.split("}")[1] for c in node] == ["socle", "synthese"]
        domaines = node.findall("l:socle/l:domaine", Q)
        assert [d.get("code") for d in domaines] == list(COMPONENTS)
        assert all(d.get("positionnement") in {"0", "1", "2", "3", "4"} for d in domaines)
        assert 1 <= len(node.findtext("l:synthese", namespaces=Q)) <= 1500
    mine = next(n for n in cycles if n.get("eleve-ref") == f"EL_{cycle['pupil'].pk}")
    positions = {d.get("code"): d.get("positionnement") for d in mine.iterfind(".//l:domaine", Q)}
    assert positions["CPD_ETR"] == "0" and positions["SYS_NAT"] == "4"
    other = next(n for n in cycles if n is not mine)
    assert other.findtext("l:synthese", namespaces=Q) == "Fragile & <à suivre>."


def test_a_class_with_only_bilans_de_fin_de_cycle_exports_them(client, cycle):
    _save_and_lock(cycle)
    client.force_login(cycle["direction"].account)
    url = reverse("livret:lsu_export", kwargs={"division_id": cycle["division"].pk})
    response = client.get(f"{url}?periode={cycle['period'].pk}")
    assert response.status_code == 200
    names = [c.tag.split("}")[1] for c in etree.fromstring(response.content).find("l:donnees", Q)]
    assert names == ["responsables-etab", "eleves", "bilans-cycle"]


def test_the_class_overview_shows_each_pupils_bilan_de_fin_de_cycle(
    client, cycle, django_assert_num_queries
):
    from tests.factories import PupilFactory

    _save_and_lock(cycle)
    url = reverse("livret:division", kwargs={"division_id": cycle["division"].pk})
    client.force_login(cycle["direction"].account)
    page = client.get(url).content.decode()
    assert "Fin du cycle 4 : 1 bilan de fin de cycle verrouillé sur 2" in page
    assert _url(cycle, cycle["classmate"]) in page
    with django_assert_num_queries(session_queries() + 9) as small:
        client.get(url)
    PupilFactory.create_batch(28, establishment=cycle["a"], division=cycle["division"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_cycle_page_costs_a_fixed_number_of_queries(client, cycle, django_assert_num_queries):
    _save_and_lock(cycle)
    client.force_login(cycle["direction"].account)
    client.get(_url(cycle))
    # The user, the role (3), the pupil, the bilan, the levels reached (one aggregate).
    with django_assert_num_queries(session_queries() + 7):
        assert client.get(_url(cycle)).status_code == 200


def test_the_enseignement_de_complement_of_cycle_4(client, cycle):
    client.force_login(cycle["direction"].account)
    page = client.get(_url(cycle)).content.decode()
    assert "Enseignement de complément" in page and "Chant choral" in page
    # Objectifs without an enseignement suivi: refused, nothing written.
    response = client.post(_url(cycle), {**_form(), "complement": "AUC", "complement_level": "2"})
    assert response.status_code == 400
    assert "il n&#x27;y a pas d&#x27;objectifs à positionner" in response.content.decode()
    assert not CycleBilan.objects.exists()
    response = client.post(_url(cycle), {**_form(), "complement": "XYZ"})
    assert response.status_code == 400 and not CycleBilan.objects.exists()
    # An enseignement suivi needs its objectifs before the lock.
    client.post(_url(cycle), {**_form(), "complement": "LCA"})
    client.post(_url(cycle, name="livret:cycle_lock"))
    assert (
        "Positionnez l&#x27;élève sur son enseignement de complément"
        in client.get(_url(cycle)).content.decode()
    )
    assert CycleBilan.objects.get().locked_at is None
    client.post(_url(cycle), {**_form(), "complement": "LCA", "complement_level": "2"})
    client.post(_url(cycle, name="livret:cycle_lock"))
    found = CycleBilan.objects.get()
    assert found.is_locked and (found.complement, found.complement_level) == ("LCA", 2)
    assert (
        "Langues et cultures de l&#x27;Antiquité : objectifs dépassés"
        in client.get(_url(cycle)).content.decode()
    )


def test_cycle_3_has_no_enseignement_de_complement(client, livret):
    livret["division"].level = "6"
    livret["division"].save(update_fields=["level"])
    livret["pupil"].refresh_from_db()
    client.force_login(livret["direction"].account)
    assert "Enseignement de complément" not in client.get(_url(livret)).content.decode()
    actor = livret["direction"].account
    with pytest.raises(ValidationError, match="cycle 4"):
        services.cycle_bilan_save(
            actor=actor,
            role=school_role(actor),
            pupil=livret["pupil"],
            components=ALL_THREE,
            synthesis="",
            complement="LCA",
            complement_level="1",
        )


def test_the_export_carries_the_complement_and_the_professeur_principal(client, cycle):
    cycle["colleague"].main_divisions.add(cycle["division"])
    actor = cycle["direction"].account
    role = school_role(actor)
    for pupil, complement, level in ((cycle["pupil"], "CHK", "1"), (cycle["classmate"], "AUC", "")):
        pupil.refresh_from_db()
        services.cycle_bilan_save(
            actor=actor,
            role=role,
            pupil=pupil,
            components=ALL_THREE,
            synthesis="Bien.",
            complement=complement,
            complement_level=level,
        )
        services.cycle_bilan_lock(actor=actor, role=role, pupil=pupil)
    found = CycleBilan.objects.get(pupil=cycle["pupil"])
    assert [p["sts_id"] for p in found.principals] == [cycle["colleague"].sts_id]
    client.force_login(actor)
    url = reverse("livret:lsu_export", kwargs={"division_id": cycle["division"].pk})
    root = etree.fromstring(client.get(f"{url}?periode={cycle['period'].pk}").content)
    # No bilan périodique: the professeur principal is the only enseignant of the file.
    names = [c.tag.split("}")[1] for c in root.find("l:donnees", Q)]
    assert names == ["responsables-etab", "eleves", "enseignants", "bilans-cycle"]
    teacher = root.find(".//l:enseignant", Q)
    assert teacher.get("id-sts") == cycle["colleague"].sts_id
    mine = root.find(f".//l:bilan-cycle[@eleve-ref='EL_{cycle['pupil'].pk}']", Q)
    assert mine.get("prof-princ-refs") == teacher.get("id")
    assert [c.tag.split("}")[1] for c in mine] == ["socle", "synthese", "enseignement-complement"]
    complement = mine.find("l:enseignement-complement", Q)
    assert (complement.get("code"), complement.get("positionnement")) == ("CHK", "1")
    other = root.find(f".//l:bilan-cycle[@eleve-ref='EL_{cycle['classmate'].pk}']", Q)
    complement = other.find("l:enseignement-complement", Q)
    assert complement.get("code") == "AUC" and complement.get("positionnement") is None
    pdf_url = reverse("livret:cycle_pdf", kwargs={"cycle_bilan_id": found.pk})
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get(pdf_url).content)).pages
    )
    assert "Enseignement de complément : Chant choral : objectifs atteints" in text
    assert f"Professeur principal : {cycle['colleague'].first_name}" in text
