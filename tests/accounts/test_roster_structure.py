"""The teaching structure of the roster import: subjects, groups, services and who is in which
group, from the STS file and the pupils' file (tests/fixtures/siecle/)."""

from __future__ import annotations

from accounts.models import Pupil, StaffMember, Subject, TeachingGroup, TeachingService
from accounts.roster import siecle
from accounts.roster.importer.structure import subject_label
from tests.accounts.test_roster_importer import PUPILS, STS, kinds, run_import


def services(establishment) -> set[tuple[str, str, str, bool]]:
    return {
        (s.teacher.last_name, s.subject.code, s.structure_label, s.active)
        for s in TeachingService.objects.filter(establishment=establishment).select_related(
            "teacher", "subject", "division", "group"
        )
    }


def test_subjects_take_the_nomenclature_labels(establishment):
    run_import(establishment)
    labels = dict(Subject.objects.filter(establishment=establishment).values_list("code", "label"))
    assert labels == {"020100": "Français", "061300": "Mathematiques", "021800": "Latin"}
    french = Subject.objects.get(establishment=establishment, code="020100")
    assert (french.management_code, french.long_label) == ("FRANC", "FRANCAIS")


def test_subject_label_prefers_the_edition_label_and_sentence_cases_capitals():
    record = siecle.SubjectRecord("030201", "AGL1", "ANGLAIS LV1", "ANGLAIS LV1")
    assert subject_label(record) == "Anglais LV1"
    assert subject_label(siecle.SubjectRecord("1", "", "", "", "Éducation musicale")) == (
        "Éducation musicale"
    )
    assert subject_label(siecle.SubjectRecord("999999", "", "", "")) == "999999"


def test_services_of_classes_and_groups_and_the_classes_they_reach(establishment):
    run_import(establishment)
    assert services(establishment) == {
        ("DUBOIS", "020100", "5 B", True),
        ("DUBOIS", "020100", "3 A", True),
        ("LEROY", "061300", "6 A", True),
        ("MOREL", "020100", "6 A", True),
        ("LEROY", "061300", "4 A", True),
        ("LEROY", "021800", "Latin 3e", True),
    }
    leroy = StaffMember.objects.get(establishment=establishment, sts_id="5002")
    # The classes a teacher reaches include those a group of theirs draws from.
    assert set(leroy.divisions.values_list("code", flat=True)) == {"6 A", "4 A", "3 A"}


def test_groups_with_their_classes_and_pupils(establishment):
    run_import(establishment)
    latin = TeachingGroup.objects.get(establishment=establishment, code="3LATIN")
    assert latin.label == "Latin 3e"
    assert list(latin.divisions.values_list("code", flat=True)) == ["3 A"]
    assert list(latin.pupils.values_list("siecle_id", flat=True)) == ["1002"]
    # A group only the pupils' file names is created under its code.
    spanish = TeachingGroup.objects.get(establishment=establishment, code="5ESP")
    assert (spanish.label, list(spanish.pupils.values_list("siecle_id", flat=True))) == (
        "5ESP",
        ["1005"],
    )


def test_reimport_changes_nothing(establishment):
    run_import(establishment)
    counts = run_import(establishment).report["counts"]
    assert counts["subjects"] == {"created": 0, "updated": 0, "unchanged": 3, "left": 0}
    assert counts["services"] == {"created": 0, "updated": 0, "unchanged": 6, "left": 0}
    assert counts["group_members"] == {"created": 0, "updated": 0, "unchanged": 2, "left": 0}
    assert counts["groups"]["created"] == 0
    assert TeachingService.objects.filter(establishment=establishment).count() == 6


def test_a_service_missing_from_a_later_file_ends_and_comes_back(establishment):
    run_import(establishment)
    service = '<SERVICE CODE_MATIERE="061300"><ENSEIGNANTS><ENSEIGNANT ID="5002" TYPE="epp"/></ENSEIGNANTS></SERVICE>\n          </SERVICES>\n        </DIVISION>\n      </DIVISIONS>'
    without = service.replace(
        '<SERVICE CODE_MATIERE="061300"><ENSEIGNANTS><ENSEIGNANT ID="5002" TYPE="epp"/></ENSEIGNANTS></SERVICE>',
        "",
    )
    report = run_import(establishment, STS, replace={STS: {service: without}}).report
    assert report["counts"]["services"]["left"] == 1
    assert ("LEROY", "061300", "4 A", False) in services(establishment)
    # Kept (what was written on it stays), and back to life when the file has it again.
    run_import(establishment, STS)
    assert ("LEROY", "061300", "4 A", True) in services(establishment)
    assert TeachingService.objects.filter(establishment=establishment).count() == 6


def test_a_service_of_a_subject_missing_from_the_nomenclature_is_reported(establishment):
    report = run_import(
        establishment,
        STS,
        replace={
            STS: {
                '<SERVICE CODE_MATIERE="020100"><ENSEIGNANTS><ENSEIGNANT ID="5001" TYPE="epp"/></ENSEIGNANTS></SERVICE>\n          </SERVICES>\n        </DIVISION>\n        <DIVISION CODE="3 A">': '<SERVICE CODE_MATIERE="083100"><ENSEIGNANTS><ENSEIGNANT ID="5001" TYPE="epp"/></ENSEIGNANTS></SERVICE>\n          </SERVICES>\n        </DIVISION>\n        <DIVISION CODE="3 A">'
            }
        },
    ).report
    assert any("083100" in message for message in kinds(report)["unknown_subject"])
    assert Subject.objects.get(establishment=establishment, code="083100").label == "083100"


def test_a_pupil_leaving_a_group_or_the_school_leaves_it(establishment):
    run_import(establishment)
    report = run_import(
        establishment,
        PUPILS,
        replace={
            PUPILS: {
                "<STRUCTURE><CODE_STRUCTURE>3LATIN</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>": ""
            }
        },
    ).report
    assert report["counts"]["group_members"]["left"] == 1
    assert not TeachingGroup.objects.get(establishment=establishment, code="3LATIN").pupils.exists()
    assert (
        Pupil.objects.get(establishment=establishment, siecle_id="1005").teaching_groups.count()
        == 1
    )
