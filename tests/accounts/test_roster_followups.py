"""What a later import changes on the accounts: new names, leavers' unused accounts closed."""

import re

from accounts.models import AuditAction, AuditEvent, Pupil, User
from accounts.services import roster_import_files

from .test_roster_importer import PUPILS, content, run_import


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
