"""What a later import changes on the accounts: new names, leavers' unused accounts closed."""

import datetime
import re

from accounts.models import AuditAction, AuditEvent, Guardian, Pupil, User
from accounts.services import roster_import_files

from .test_roster_importer import GUARDIANS, PUPILS, content, kinds, run_import


def test_a_renamed_pupil_has_its_account_renamed_but_keeps_its_identifier(establishment):
    run_import(establishment, PUPILS)
    before = Pupil.objects.get(establishment=establishment, siecle_id="1002").account

    run_import(
        establishment,
        PUPILS,
        replace={PUPILS: {"<PRENOM>Florian</PRENOM>": "<PRENOM>Florent</PRENOM>"}},
    )

    account = User.objects.get(pk=before.pk)
    assert account.first_name == "Florent"
    assert account.username == before.username


def test_the_unused_account_of_a_pupil_who_left_is_closed(establishment):
    run_import(establishment, PUPILS)
    account = Pupil.objects.get(establishment=establishment, siecle_id="1007").account
    assert account.state == User.State.PROVISIONAL
    text = content(PUPILS).decode("iso-8859-15")
    text = re.sub(r'\s*<ELEVE ELEVE_ID="1007".*?</ELEVE>', "", text, flags=re.S)

    roster_import_files(establishment=establishment, files=[(PUPILS, text.encode("iso-8859-15"))])

    account.refresh_from_db()
    assert account.state == User.State.CLOSED
    assert not account.is_active
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCOUNT_CLOSED, target_id=str(account.pk)
    ).exists()


def test_guardians_missing_from_a_later_export_are_named_marked_and_closed(establishment):
    run_import(establishment, PUPILS, GUARDIANS)
    account = Guardian.objects.get(establishment=establishment, siecle_id="2013").account
    assert account.state == User.State.PROVISIONAL
    text = content(GUARDIANS).decode("iso-8859-15")
    text = re.sub(r'\s*<PERSONNE PERSONNE_ID="2013".*?</PERSONNE>', "", text, flags=re.S)
    text = re.sub(
        r"\s*<RESPONSABLE_ELEVE>\s*<ELEVE_ID>1008</ELEVE_ID><PERSONNE_ID>2013</PERSONNE_ID>"
        r".*?</RESPONSABLE_ELEVE>",
        "",
        text,
        flags=re.S,
    )

    report = roster_import_files(
        establishment=establishment,
        files=[(PUPILS, content(PUPILS)), (GUARDIANS, text.encode("iso-8859-15"))],
    ).report

    gone = Guardian.objects.get(establishment=establishment, siecle_id="2013")
    assert gone.left_on == datetime.date(2026, 9, 14)  # the export's date
    assert any("PERSONNE_ID 2013" in m for m in kinds(report)["guardian_left"])
    account.refresh_from_db()
    assert account.state == User.State.CLOSED
