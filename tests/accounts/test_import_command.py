"""manage.py import_siecle and manage.py load_demo."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.management.commands import import_siecle
from accounts.management.commands.load_demo import DEMO_PASSWORD
from accounts.models import (
    AuditAction,
    AuditEvent,
    Establishment,
    GuardianLink,
    Pupil,
    RosterImport,
    User,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "siecle"
FILES = [
    str(FIXTURES / name)
    for name in (
        "ElevesSansAdresses.xml",
        "ResponsablesAvecAdresses.xml",
        "sts_emp_0860123X_2026.xml",
    )
]


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_help_is_in_french():
    parser = import_siecle.Command().create_parser("manage.py", "import_siecle")
    text = parser.format_help()
    assert "Importe les exports SIECLE" in text and "--create-establishment" in text
    assert "UAI (RNE) de l'établissement" in text


def test_import_prints_the_french_report(establishment):
    output = run("import_siecle", *FILES, uai="0860123X")

    assert "Import terminé pour Collège Marcel Pagnol (0860123X)." in output
    assert "  Élèves : 8 créés, 0 mis à jour, 0 inchangés, 1 sortis / retirés" in output
    assert (
        "Comptes créés (provisoires) : 7 élèves, 9 parents, 3 enseignants, 2 autres personnels"
        in output
    )
    assert "  Élèves sans classe (1) :" in output
    assert "    - Élève BERNARD Hugo (ELEVE_ID 1005) sans classe." in output
    assert RosterImport.objects.get().status == RosterImport.Status.DONE

    again = run("import_siecle", *FILES, uai="0860123x")
    assert "  Élèves : 0 créés, 0 mis à jour, 8 inchangés, 0 sortis / retirés" in again


def test_unknown_establishment_needs_create_option(db):
    with pytest.raises(CommandError) as caught:
        run("import_siecle", *FILES, uai="0860123X")
    assert "Aucun établissement n'a l'UAI 0860123X" in str(caught.value)
    assert Pupil.objects.count() == 0


def test_create_establishment_from_the_files(db):
    output = run("import_siecle", *FILES, "--create-establishment", uai="0860123X")

    establishment = Establishment.objects.get(uai="0860123X")
    assert (establishment.name, establishment.school_year, establishment.academie) == (
        "Collège Marcel Pagnol",
        2026,
        "Poitiers",
    )
    assert (
        "Établissement créé : Collège Marcel Pagnol (0860123X) — année scolaire 2026-2027" in output
    )
    assert Pupil.objects.filter(establishment=establishment).count() == 8


def test_create_establishment_with_a_given_name(db):
    run(
        "import_siecle",
        FILES[0],
        "--create-establishment",
        "--name",
        "Collège du Bois d'Amour",
        uai="0860123X",
    )
    assert Establishment.objects.get(uai="0860123X").name == "Collège du Bois d'Amour"


def test_file_of_another_establishment_is_refused(db):
    Establishment.objects.create(uai="0170001Y", name="Collège Jean Moulin", school_year=2026)

    with pytest.raises(CommandError) as caught:
        run("import_siecle", *FILES, uai="0170001Y")

    assert "concerne l'établissement 0860123X, et non Collège Jean Moulin (0170001Y)" in str(
        caught.value
    )
    assert "Import refusé : aucune donnée n'a été modifiée." in str(caught.value)
    assert Pupil.objects.count() == 0 and RosterImport.objects.count() == 0


def test_missing_file(establishment):
    with pytest.raises(CommandError) as caught:
        run("import_siecle", "/nulle/part.zip", uai="0860123X")
    assert str(caught.value) == "Fichier introuvable : /nulle/part.zip"


@pytest.mark.django_db
def test_load_demo_builds_the_demo_college_and_is_idempotent():
    first = run("load_demo", pupils=80)
    users = User.objects.count()
    second = run("load_demo", pupils=80)

    establishment = Establishment.objects.get(uai="0860123X")
    today = timezone.localdate()
    assert establishment.name == "Collège Marcel Pagnol" and establishment.academie == "Poitiers"
    assert establishment.school_year == (today.year if today.month >= 9 else today.year - 1)
    assert str(establishment.vie_scolaire_phone) and establishment.vie_scolaire_email
    assert Pupil.objects.filter(establishment=establishment).count() == 80
    assert User.objects.count() == users  # the second run created nothing
    assert RosterImport.objects.filter(status=RosterImport.Status.DONE).count() == 2
    for output in (first, second):
        assert "Portail : http://" in output
        assert "Profil" in output and "Identifiant" in output and "Mot de passe" in output
        # Parent, pupil, teacher, CPE, direction, secretariat.
        assert output.count(DEMO_PASSWORD) == 6
    assert first.splitlines()[-6:] == second.splitlines()[-6:]  # same logins every time


@pytest.mark.django_db
def test_demo_accounts_are_usable(client):
    output = run("load_demo", pupils=80)
    rows = [line.split() for line in output.splitlines() if line.rstrip().endswith(DEMO_PASSWORD)]
    usernames = [row[-2] for row in rows]
    parent, pupil, teacher, cpe, principal, secretary = (
        User.objects.get(username=name) for name in usernames
    )

    for user in (parent, pupil, teacher, cpe, principal, secretary):
        assert user.check_password(DEMO_PASSWORD) and user.state == User.State.ACTIVE
    assert parent.profile == User.Profile.PARENT and parent.email
    children = {
        link.pupil
        for link in GuardianLink.objects.filter(guardian__account=parent, level=1).select_related(
            "pupil"
        )
    }
    assert len(children) == 2 and len({child.division_id for child in children}) == 2
    assert pupil.profile == User.Profile.ELEVE and pupil.pupil in children
    assert teacher.profile == User.Profile.ENSEIGNANT
    assert cpe.staff_records.get().function == "EDU"
    assert principal.staff_records.get().function == "DIR"
    assert secretary.profile == User.Profile.PERSONNEL and secretary.is_staff
    assert secretary.establishment.uai == "0860123X"
    assert secretary.groups.get() == Group.objects.get(name="Secrétariat")
    for permission in (
        "accounts.add_rosterimport",
        "accounts.view_pupil",
        "accounts.change_user",
        "apps_catalog.change_application",
        "activation.add_letterbatch",
        "livret.view_bulletinbatch",
        "livret.add_bulletinbatch",
    ):
        assert secretary.has_perm(permission), permission
    # The livret's bilans themselves stay the direction's, outside the admin.
    assert not secretary.has_perm("livret.change_bilan")
    client.force_login(secretary)
    assert client.get("/admin/accounts/rosterimport/").status_code == 200
    assert (
        "Imprimer des bulletins" in client.get("/admin/livret/bulletinbatch/add/").content.decode()
    )


def test_a_refused_import_creates_no_establishment(db, tmp_path):
    # The guardians file belongs to another school: the import is refused after the
    # establishment would have been created from the pupils file.
    other = tmp_path / "ResponsablesAvecAdresses.xml"
    other.write_bytes(
        (FIXTURES / "ResponsablesAvecAdresses.xml")
        .read_bytes()
        .replace(b"<UAJ>0860123X</UAJ>", b"<UAJ>0860999Z</UAJ>")
    )

    with pytest.raises(CommandError):
        call_command(
            "import_siecle",
            FILES[0],
            str(other),
            "--create-establishment",
            "--name",
            "Collège Marcel Pagnol",
            "--uai",
            "0860123X",
            stdout=io.StringIO(),
        )

    assert not Establishment.objects.filter(uai="0860123X").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ESTABLISHMENT_CREATED).exists()
