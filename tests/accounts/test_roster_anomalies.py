"""Incomplete or oddly written pupils are imported and reported, not dropped."""

from accounts.models import GuardianLink, Pupil

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
