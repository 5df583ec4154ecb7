"""Importing the PRONOTE-ENT identifiers: lines matched to the establishment's accounts by names,
birth date and class; ambiguous and unrecognised lines kept to settle; a bad file writes nothing;
the cost does not grow with the number of lines."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from pronote_bridge.models import PronoteEntLink, PronoteImport, PronoteImportRow
from pronote_bridge.services import pronote_import_create, pronote_row_ignore, pronote_row_settle
from tests.factories import EstablishmentFactory, PupilFactory, UserFactory

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def run(school, *lines, encoding="utf-8", **kwargs):
    return pronote_import_create(
        establishment=school["establishment"],
        name="export.csv",
        content=csv_file(*lines, encoding=encoding, **kwargs),
        actor=None,
    )


def links(school) -> dict[str, str]:
    return dict(
        PronoteEntLink.objects.filter(establishment=school["establishment"]).values_list(
            "user__username", "identifier"
        )
    )


def test_exact_lines_are_linked_whatever_the_accents_and_case(school):
    done = run(
        school,
        "Eleonore;LEA;02/03/2013;5A;Élève;PRN-LEA",
        "éléonore;marie;;5 A;Responsable;PRN-MERE",
        "Durand;Paul;15/01/1980;;Professeur;PRN-PROF",
        encoding="cp1252",
    )
    assert (done.row_count, done.matched_count, done.ambiguous_count, done.unmatched_count) == (
        3,
        3,
        0,
        0,
    )
    assert links(school) == {
        "l.eleonore": "PRN-LEA",
        "m.eleonore": "PRN-MERE",
        "p.durand": "PRN-PROF",
    }
    assert done.encoding == "Windows-1252"
    event = AuditEvent.objects.get(action="pronote.import_done")
    assert event.details["matched"] == 3 and event.establishment_id == school["establishment"].pk


def test_the_class_tells_two_namesakes_apart_and_without_it_the_line_is_ambiguous(school):
    done = run(
        school,
        "BERNARD;Hugo;01/06/2012;4 B;Élève;PRN-HUGO-B",
        "BERNARD;Hugo;01/06/2012;;Élève;PRN-HUGO-X",
    )
    assert links(school) == {"h.bernard2": "PRN-HUGO-B"}
    row = PronoteImportRow.objects.get(pronote_import=done)
    assert row.status == PronoteImportRow.Status.AMBIGUOUS
    assert row.candidates == sorted([school["hugo_a"].pk, school["hugo_b"].pk])
    assert "Plusieurs comptes" in row.reason


def test_a_wrong_birth_date_or_an_unknown_person_is_not_recognised(school):
    done = run(
        school,
        "ÉLÉONORE;Léa;03/03/2013;5 A;Élève;PRN-1",
        "NOUVEL;Arrivant;01/09/2014;6 C;Élève;PRN-2",
        "DURAND;Paul;;;Élève;PRN-3",  # a teacher's name, but the line says pupil
    )
    assert done.unmatched_count == 3 and not links(school)
    assert set(done.rows.values_list("status", flat=True)) == {"unmatched"}


def test_two_lines_fitting_one_account_are_both_left_to_settle(school):
    done = run(school, "ÉLÉONORE;Léa;;;;PRN-1", "Eleonore;Lea;02/03/2013;;;PRN-2")
    assert not links(school)
    assert done.ambiguous_count == 2
    assert {row.reason for row in done.rows.all()} == {
        "Ce compte correspond aussi à une autre ligne du fichier."
    }


def test_people_of_another_establishment_are_never_matched(school):
    other = EstablishmentFactory()
    PupilFactory(
        establishment=other,
        last_name="MOREAU",
        first_name="Jules",
        account=UserFactory(username="j.moreau"),
    )
    assert run(school, "MOREAU;Jules;;;;PRN-J").unmatched_count == 1


def test_a_new_import_replaces_an_account_s_identifier_and_moves_an_identifier(school):
    run(school, "ÉLÉONORE;Léa;;;Élève;PRN-OLD", "DURAND;Paul;;;;PRN-MOVED")
    run(school, "ÉLÉONORE;Léa;;;Élève;PRN-NEW", "LEROY;Anne;;;;PRN-MOVED")
    assert links(school) == {"l.eleonore": "PRN-NEW", "a.leroy": "PRN-MOVED"}


@pytest.mark.parametrize(
    "content",
    [
        "Nom;Prénom;Identifiant\r\nA;B;C\r\n".encode("utf-16"),
        csv_file("ÉLÉONORE;Léa;02/03/2013;5 A;Élève;PRN-1", "X;Y;99/99/9999;;;PRN-2"),
        csv_file("ÉLÉONORE;Léa;;;;PRN-1", header="Nom;Prénom;Classe"),
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_a_bad_file_writes_nothing(school, content):
    run(school, "DURAND;Paul;;;;PRN-PROF")
    before = (
        PronoteEntLink.objects.count(),
        PronoteImport.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationError):
        pronote_import_create(
            establishment=school["establishment"], name="bad.csv", content=content, actor=None
        )
    after = (
        PronoteEntLink.objects.count(),
        PronoteImport.objects.count(),
        AuditEvent.objects.count(),
    )
    assert before == after
    assert links(school) == {"p.durand": "PRN-PROF"}


def test_a_line_is_settled_by_hand_and_audited(school, secretary):
    done = run(school, "BERNARD;Hugo;;;;PRN-HUGO", "NOUVEL;Arrivant;;;;PRN-NEW")
    ambiguous = done.rows.get(identifier="PRN-HUGO")
    pronote_row_settle(row=ambiguous, user=school["hugo_b"], actor=secretary)
    unknown = done.rows.get(identifier="PRN-NEW")
    pronote_row_ignore(row=unknown, actor=secretary)
    assert links(school) == {"h.bernard2": "PRN-HUGO"}
    link = PronoteEntLink.objects.get(identifier="PRN-HUGO")
    assert link.source == PronoteEntLink.Source.MANUAL
    ambiguous.refresh_from_db()
    assert ambiguous.status == "settled" and ambiguous.settled_user == school["hugo_b"]
    manual = AuditEvent.objects.filter(action="pronote.link_manual", actor=secretary)
    assert manual.count() == 2
    with pytest.raises(ValidationError, match="déjà été traitée"):
        pronote_row_settle(row=ambiguous, user=school["hugo_a"], actor=secretary)


def test_settling_with_an_account_of_another_establishment_is_refused(school, secretary):
    done = run(school, "NOUVEL;Arrivant;;;;PRN-NEW")
    stranger = PupilFactory(establishment=EstablishmentFactory(), account=UserFactory()).account
    with pytest.raises(ValidationError, match="Aucun compte de cet établissement"):
        pronote_row_settle(row=done.rows.get(), user=stranger, actor=secretary)
    assert not PronoteEntLink.objects.exists()


def _big_school(establishment, pupils: int) -> list[str]:
    """``pupils`` pupils with accounts (two by surname), one line each in the file."""
    from accounts.models import Division, Pupil, User

    division = Division.objects.create(establishment=establishment, code="3 Z", level="3")
    users = User.objects.bulk_create(
        User(
            username=f"e.big{n}",
            first_name=f"Prenom{n}",
            last_name=f"NOM{n % (pupils // 2)}",
            profile=User.Profile.ELEVE,
            state=User.State.ACTIVE,
        )
        for n in range(pupils)
    )
    Pupil.objects.bulk_create(
        Pupil(
            establishment=establishment,
            siecle_id=str(n),
            last_name=user.last_name,
            first_name=user.first_name,
            birth_date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n % 300),
            division=division,
            account=user,
        )
        for n, user in enumerate(users)
    )
    return [
        f"{user.last_name};{user.first_name};"
        f"{(datetime.date(2012, 1, 1) + datetime.timedelta(days=n % 300)):%d/%m/%Y};3 Z;Élève;"
        f"PRN{n:05d}"
        for n, user in enumerate(users)
    ]


@pytest.mark.parametrize("size", [20, 300])
def test_the_import_costs_the_same_queries_whatever_the_number_of_lines(establishment, size):
    lines = _big_school(establishment, size)
    with CaptureQueriesContext(connection) as queries:
        done = pronote_import_create(
            establishment=establishment, name="big.csv", content=csv_file(*lines), actor=None
        )
    assert done.matched_count == size
    # Savepoints aside: 4 reads of the people, the links replaced (delete + insert), the import,
    # its rows, the audit record.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 10, statements
