"""Incomplete or oddly written pupils are imported and reported, not dropped."""

from accounts.models import Guardian, GuardianLink, Pupil
from activation.selectors import guardians_for_creation
from core.phones import phone_e164

from .test_roster_importer import GUARDIANS, PUPILS, kinds, run_import


def test_pupil_without_birth_date_is_imported_and_reported(establishment):
    report = run_import(
        establishment,
        PUPILS,
        GUARDIANS,
        replace={PUPILS: {"<DATE_NAISS>03/02/2012</DATE_NAISS>": ""}},
    ).report

    florian = Pupil.objects.get(establishment=establishment, siecle_id="1002")
    assert florian.birth_date is None
    assert florian.account is not None
    found = kinds(report)
    assert not any("1002" in m for m in found["unknown_pupil"])
    assert any("ELEVE_ID 1002" in m for m in found["pupil_without_birth_date"])
    links = GuardianLink.objects.filter(pupil=florian, level=GuardianLink.Level.LEGAL)
    assert links
    assert all(link.guardian.account is not None for link in links)


def test_possible_phones_are_stored_and_a_mobile_given_as_landline_moves(establishment):
    report = run_import(
        establishment,
        PUPILS,
        GUARDIANS,
        replace={
            GUARDIANS: {
                "<TEL_PORTABLE>06 12 34 56 78</TEL_PORTABLE>": (
                    "<TEL_PORTABLE>06 39 98 12 34</TEL_PORTABLE>"
                ),
                "<TEL_PERSONNEL>06.12.34.56.78</TEL_PERSONNEL>": (
                    "<TEL_PERSONNEL>07 00 00 00 01</TEL_PERSONNEL>"
                ),
            }
        },
    ).report

    first = Guardian.objects.get(establishment=establishment, siecle_id="2001")
    assert first.phone_mobile == "+33639981234"
    moved = Guardian.objects.get(establishment=establishment, siecle_id="2003")
    assert moved.phone_mobile == "+33700000001"
    assert moved.phone_home == ""  # moved, not copied
    assert len(kinds(report)["invalid_phone"]) == 1  # only the impossible « 06 1 »
    # SMS creation finds the family by what the parent types, read by the same core.phones.
    typed = phone_e164("06 39 98 12 34")
    assert guardians_for_creation(phone=typed, last_name="Martin", first_name="Sophie") == [first]


def test_question_marks_written_by_siecle_are_reported(establishment):
    report = run_import(
        establishment,
        PUPILS,
        GUARDIANS,
        replace={
            PUPILS: {"<PRENOM>Florian</PRENOM>": "<PRENOM>Flori?n</PRENOM>"},
            GUARDIANS: {"<NOM_DE_FAMILLE>CŒURDEROY": "<NOM_DE_FAMILLE>C?URDEROY"},
        },
    ).report

    found = kinds(report)["unencoded_character"]
    assert any("Flori?n" in m and "ELEVE_ID 1002" in m for m in found)
    assert any("C?URDEROY" in m and "PERSONNE_ID" in m for m in found)
    florian = Pupil.objects.get(establishment=establishment, siecle_id="1002")
    assert florian.first_name == "Flori?n"  # kept as written, for the school to correct in SIECLE
