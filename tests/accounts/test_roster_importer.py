"""The roster importer through its service: counts, accounts, identifiers, idempotency, leavers,
refusals and anomalies, on the hand-written files of tests/fixtures/siecle/."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from accounts.models import (
    Division,
    Guardian,
    GuardianLink,
    Pupil,
    ReservedIdentifier,
    RosterImport,
    StaffMember,
    User,
)
from accounts.services import roster_import_files

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "siecle"
PUPILS = "ElevesSansAdresses.xml"
GUARDIANS = "ResponsablesAvecAdresses.xml"
STS = "sts_emp_0860123X_2026.xml"


def content(name: str, replace: dict[str, str] | None = None) -> bytes:
    raw = (FIXTURES / name).read_bytes()
    encoding = "iso-8859-15" if b'encoding="ISO-8859-15"' in raw[:100] else "utf-8-sig"
    text = raw.decode(encoding)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text.encode(encoding)


def run_import(establishment, *names, replace=None) -> RosterImport:
    names = names or (PUPILS, GUARDIANS, STS)
    roster_import = roster_import_files(
        establishment=establishment,
        files=[(name, content(name, (replace or {}).get(name))) for name in names],
    )
    assert roster_import.status == RosterImport.Status.DONE, roster_import.error
    return roster_import


def kinds(report) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for anomaly in report["anomalies"]:
        found.setdefault(anomaly["kind"], []).append(anomaly["message"])
    return found


def account_of(establishment, siecle_id) -> User:
    return Guardian.objects.get(establishment=establishment, siecle_id=siecle_id).account


@pytest.fixture
def imported(establishment):
    return run_import(establishment)


def test_first_import_counts(establishment, imported):
    report = imported.report

    assert report["counts"] == {
        "divisions": {"created": 4, "updated": 0, "unchanged": 0, "left": 0},
        "pupils": {"created": 8, "updated": 0, "unchanged": 0, "left": 1},
        "guardians": {"created": 13, "updated": 0, "unchanged": 0, "left": 0},
        "links": {"created": 14, "updated": 0, "unchanged": 0, "left": 0},
        "staff": {"created": 5, "updated": 0, "unchanged": 0, "left": 0},
        # 3LATIN and 5ESP come with the pupils' file; the STS file then names 3LATIN.
        "groups": {"created": 2, "updated": 1, "unchanged": 0, "left": 0},
        "group_members": {"created": 2, "updated": 0, "unchanged": 0, "left": 0},
        "subjects": {"created": 3, "updated": 0, "unchanged": 0, "left": 0},
        "services": {"created": 6, "updated": 0, "unchanged": 0, "left": 0},
    }
    assert report["accounts_created"] == {"eleve": 7, "parent": 9, "enseignant": 3, "personnel": 2}
    assert Pupil.objects.filter(establishment=establishment).count() == 8
    assert User.objects.count() == 7 + 9 + 3 + 2
    assert imported.processed == imported.total == 8 + 13 + 15 + 5


def test_pupils_and_classes_are_stored(establishment, imported):
    zoe = Pupil.objects.select_related("division", "account").get(
        establishment=establishment, siecle_id="1003"
    )

    assert (zoe.last_name, zoe.first_name, zoe.ine, zoe.sex) == (
        "CŒURDEROY",
        "Zoé",
        "1234567892C",
        "F",
    )
    assert zoe.birth_date == datetime.date(2016, 2, 29)
    assert (zoe.division.code, zoe.division.level, zoe.mef_code) == ("6 A", "6", "10010012110")
    assert set(
        Division.objects.filter(establishment=establishment).values_list("code", "level")
    ) == {("6 A", "6"), ("5 B", "5"), ("4 A", "4"), ("3 A", "3")}
    hugo = Pupil.objects.get(establishment=establishment, siecle_id="1005")
    assert hugo.division is None and hugo.account is not None
    lea = Pupil.objects.get(establishment=establishment, siecle_id="1006")
    assert lea.left_on == datetime.date(2026, 8, 31) and lea.account is None


def test_accounts_are_provisional_with_unusable_password(establishment, imported):
    zoe = Pupil.objects.get(establishment=establishment, siecle_id="1003").account

    assert (zoe.username, zoe.profile, zoe.state) == (
        "z.coeurderoy",
        User.Profile.ELEVE,
        User.State.PROVISIONAL,
    )
    assert (zoe.first_name, zoe.last_name) == ("Zoé", "CŒURDEROY")
    assert not zoe.has_usable_password()
    assert zoe.establishment is None
    chloe = Pupil.objects.get(establishment=establishment, siecle_id="1004").account
    assert (chloe.username, chloe.last_name) == ("c.lefevre", "LEFÈVRE")  # usage name


def test_identifiers_collide_across_profiles(establishment, imported):
    assert (
        Pupil.objects.get(establishment=establishment, siecle_id="1008").account.username
        == "l.martin"
    )
    assert account_of(establishment, "2002").username == "l.martin2"  # Laurent MARTIN, a parent
    assert account_of(establishment, "2005").username == "c.lefevre2"  # Claire LEFÈVRE after Chloé
    every = list(User.objects.values_list("username", flat=True))
    assert len(every) == len(set(every))
    assert set(ReservedIdentifier.objects.values_list("value", flat=True)) == set(every)


def test_guardian_accounts_follow_the_rule(establishment, imported):
    laurent = Guardian.objects.get(establishment=establishment, siecle_id="2002")
    assert laurent.account.profile == User.Profile.PARENT
    # Siblings share their parent's single account.
    assert set(laurent.pupils.values_list("first_name", flat=True)) == {"Dylan", "Florian"}
    assert Guardian.objects.filter(account=laurent.account).count() == 1
    # The same mother recorded twice (2001 for Dylan, 2003 for Florian): one account for both.
    sophie = account_of(establishment, "2001")
    assert account_of(establishment, "2003") == sophie
    assert sophie.username == "s.martin"
    # Only level-1 guardians of a current pupil get an account.
    assert account_of(establishment, "2009") is None  # father of a pupil who left
    assert account_of(establishment, "2011") is None  # grandfather, level 3
    assert account_of(establishment, "2012") is None  # educator, level 2
    # Two legal mothers: both get their own account.
    assert account_of(establishment, "2007") != account_of(establishment, "2008")


def test_guardian_details_are_normalised(establishment, imported):
    sophie = Guardian.objects.get(establishment=establishment, siecle_id="2001")
    assert str(sophie.phone_mobile) == "+33612345678" and str(sophie.phone_home) == "+33549123456"
    assert sophie.email == "sophie.martin@example.org"
    assert sophie.address_lines == "12 rue des Carmes\nRésidence Les Œillets"
    assert (sophie.postal_code, sophie.city, sophie.accepts_sms) == ("86000", "POITIERS", True)
    # A mobile given as the "personal" number counts as the mobile.
    duplicate = Guardian.objects.get(establishment=establishment, siecle_id="2003")
    assert str(duplicate.phone_mobile) == "+33612345678"
    marc = Guardian.objects.get(establishment=establishment, siecle_id="2006")
    assert str(marc.phone_mobile) == "+33698765432"
    anne = Guardian.objects.get(establishment=establishment, siecle_id="2004")
    assert not anne.phone_mobile and anne.accepts_sms is False
    claire = Guardian.objects.get(establishment=establishment, siecle_id="2005")
    assert (claire.last_name, claire.usage_name, claire.display_last_name) == (
        "DUPONT",
        "LEFÈVRE",
        "LEFÈVRE",
    )


def test_links_carry_level_rank_and_flags(establishment, imported):
    dylan = Pupil.objects.get(establishment=establishment, siecle_id="1001")
    links = {
        link.guardian.siecle_id: link for link in dylan.guardian_links.select_related("guardian")
    }

    assert set(links) == {"2001", "2002", "2011"}
    mother = links["2001"]
    assert (mother.level, mother.rank, mother.parente) == (1, 1, GuardianLink.Parente.MERE)
    assert (
        mother.pays_fees and mother.receives_aid and mother.hosts_pupil and mother.priority_contact
    )
    assert (links["2002"].rank, links["2002"].pays_fees) == (2, False)
    assert (links["2011"].level, links["2011"].rank) == (3, None)


def test_staff_accounts_and_classes(establishment, imported):
    staff = {
        s.sts_id: s
        for s in StaffMember.objects.filter(establishment=establishment).select_related("account")
    }

    claire = staff["5001"]
    assert (
        claire.account.profile == User.Profile.ENSEIGNANT
        and claire.account.establishment == establishment
    )
    assert claire.account.username == "c.dubois"
    assert set(claire.divisions.values_list("code", flat=True)) == {"5 B", "3 A"}
    assert set(claire.main_divisions.values_list("code", flat=True)) == {"5 B"}
    assert staff["5003"].account.profile == User.Profile.PERSONNEL  # DIR
    assert staff["5004"].account.profile == User.Profile.PERSONNEL and staff["5004"].function == ""
    tom = staff["5005"]
    assert (tom.sts_type, tom.birth_date, tom.account.profile) == (
        "local",
        None,
        User.Profile.ENSEIGNANT,
    )
    assert set(tom.divisions.values_list("code", flat=True)) == {"6 A"}


def test_every_anomaly_is_reported(imported):
    found = kinds(imported.report)

    assert set(found) == {
        "duplicate_structure",
        "pupil_without_class",
        "pupil_left",
        "unknown_pupil",
        "guardian_without_pupil",
        "invalid_phone",
        "duplicate_guardian",
        "two_mothers",
        "shared_email",
        "unknown_teacher",
    }
    assert found["pupil_without_class"] == ["Élève BERNARD Hugo (ELEVE_ID 1005) sans classe."]
    assert found["pupil_left"] == ["Élève PETIT Léa (ELEVE_ID 1006) sorti le 31/08/2026."]
    assert found["invalid_phone"] == [
        "Téléphone portable invalide « 06 1 » pour MME CŒURDEROY Anne (PERSONNE_ID 2004) : non enregistré."
    ]
    assert (
        len(found["duplicate_guardian"]) == 1
        and "PERSONNE_ID 2001 et 2003" in found["duplicate_guardian"][0]
    )
    assert "ROUX Inès a 2 mères" in found["two_mothers"][0]
    assert found["shared_email"] == [
        "Adresse famille.lefevre@example.org partagée par 2 responsables "
        "(M. LEFÈVRE Marc, MME LEFÈVRE Claire)."
    ]
    assert "PETIT Jean (PERSONNE_ID 2009)" in found["guardian_without_pupil"][0]
    assert len(found["guardian_without_pupil"]) == 1
    assert "ELEVE_ID 9999" in found["unknown_pupil"][0]
    assert "5999" in found["unknown_teacher"][0]


def test_second_import_creates_nothing(establishment, imported):
    users = set(User.objects.values_list("pk", "username"))

    again = run_import(establishment)

    counts = again.report["counts"]
    assert all(
        row["created"] == 0 and row["updated"] == 0 and row["left"] == 0 for row in counts.values()
    )
    assert counts["pupils"]["unchanged"] == 8 and counts["guardians"]["unchanged"] == 13
    assert counts["links"]["unchanged"] == 14 and counts["staff"]["unchanged"] == 5
    assert sum(again.report["accounts_created"].values()) == 0
    assert set(User.objects.values_list("pk", "username")) == users
    assert (
        Pupil.objects.count() == 8
        and Guardian.objects.count() == 13
        and GuardianLink.objects.count() == 14
    )
    assert "pupil_left" not in kinds(again.report)  # already known as gone


def test_changes_are_updated_and_accounts_never_renamed(establishment, imported):
    run_import(
        establishment,
        replace={
            PUPILS: {
                "<CODE_STRUCTURE>5 B</CODE_STRUCTURE>": "<CODE_STRUCTURE>5 C</CODE_STRUCTURE>",
                "<NOM_USAGE/>\n        <PRENOM>Dylan</PRENOM>": "<NOM_USAGE>DURAND</NOM_USAGE><PRENOM>Dylan</PRENOM>",
            },
            GUARDIANS: {
                "<TEL_PORTABLE>+33612345679</TEL_PORTABLE>": "<TEL_PORTABLE>07 81 99 88 77</TEL_PORTABLE>"
            },
        },
    )
    report = RosterImport.objects.filter(status="done").first().report

    assert report["counts"]["pupils"] == {"created": 0, "updated": 1, "unchanged": 7, "left": 0}
    assert report["counts"]["divisions"]["created"] == 1
    assert report["counts"]["guardians"]["updated"] == 1
    dylan = Pupil.objects.select_related("division", "account").get(
        establishment=establishment, siecle_id="1001"
    )
    assert (dylan.division.code, dylan.usage_name) == ("5 C", "DURAND")
    assert dylan.account.username == "d.martin"
    assert str(Guardian.objects.get(siecle_id="2002").phone_mobile) == "+33781998877"


def test_pupil_missing_from_a_new_export_is_marked_left(establishment, imported):
    louis_block = content(PUPILS).decode("iso-8859-15")
    start = louis_block.index('<ELEVE ELEVE_ID="1008"')
    end = louis_block.index("</ELEVE>", start) + len("</ELEVE>")
    account = Pupil.objects.get(establishment=establishment, siecle_id="1008").account

    again = run_import(establishment, replace={PUPILS: {louis_block[start:end]: ""}})

    louis = Pupil.objects.get(establishment=establishment, siecle_id="1008")
    assert louis.left_on == datetime.date(2026, 9, 14)  # the export's DATE_EXPORT
    assert louis.account == account  # the account follows the pupil
    assert again.report["counts"]["pupils"]["left"] == 1
    assert any(
        "MARTIN Louis (ELEVE_ID 1008) absent du nouvel export" in m
        for m in kinds(again.report)["pupil_left"]
    )


def test_pupil_is_found_by_ine_when_its_eleve_id_changes(establishment, imported):
    dylan = Pupil.objects.get(establishment=establishment, siecle_id="1001")

    again = run_import(
        establishment, PUPILS, replace={PUPILS: {'ELEVE_ID="1001"': 'ELEVE_ID="7001"'}}
    )

    dylan.refresh_from_db()
    assert dylan.siecle_id == "7001" and dylan.left_on is None
    assert Pupil.objects.filter(establishment=establishment).count() == 8
    assert "ancien ELEVE_ID 1001" in kinds(again.report)["pupil_matched_by_ine"][0]


def test_identifiers_are_never_reused_after_deletion(establishment, imported):
    account_of(establishment, "2002").delete()  # l.martin2

    run_import(establishment)

    assert account_of(establishment, "2002").username == "l.martin3"
    assert ReservedIdentifier.objects.filter(value="l.martin2").exists()


def test_pre_2018_guardian_file(establishment):
    run_import(establishment, PUPILS, "ResponsablesPre2018.xml")

    helene = Guardian.objects.get(establishment=establishment, siecle_id="2101")
    assert (helene.account.username, helene.account.profile) == ("h.boeuf", User.Profile.PARENT)
    assert helene.links.get().rank == 1
    assert Guardian.objects.get(siecle_id="2102").links.get().rank == 2
    colette = Guardian.objects.get(siecle_id="2103")
    assert colette.account is None and colette.links.get().level == GuardianLink.Level.CONTACT


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (
            {"<UAJ>0860123X</UAJ>": "<UAJ>0170001Y</UAJ>"},
            "concerne l'établissement 0170001Y, et non Collège Marcel Pagnol (0860123X)",
        ),
        (
            {"<ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE>": "<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>"},
            "est l'export de l'année scolaire 2025-2026, alors que l'année en cours de Collège Marcel Pagnol est 2026-2027",
        ),
    ],
)
def test_wrong_establishment_or_year_is_refused_and_changes_nothing(
    establishment, imported, replace, message
):
    before = (
        sorted(Pupil.objects.values_list("siecle_id", "last_name", "left_on")),
        User.objects.count(),
        RosterImport.objects.count(),
    )

    with pytest.raises(ValidationError) as caught:
        roster_import_files(
            establishment=establishment,
            files=[
                (
                    PUPILS,
                    content(
                        PUPILS,
                        {
                            "<NOM_DE_FAMILLE>MARTIN</NOM_DE_FAMILLE>": "<NOM_DE_FAMILLE>X</NOM_DE_FAMILLE>",
                            **replace,
                        },
                    ),
                ),
                (GUARDIANS, content(GUARDIANS)),
            ],
        )

    assert any(message in m for m in caught.value.messages)
    assert caught.value.messages[-1] == "Import refusé : aucune donnée n'a été modifiée."
    after = (
        sorted(Pupil.objects.values_list("siecle_id", "last_name", "left_on")),
        User.objects.count(),
        RosterImport.objects.count(),
    )
    assert after == before
