import datetime
import stat

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent, User
from activation.models import Letter, LetterBatch
from activation.passwords import add_months
from outbox.models import OutboxMessage
from tests.factories import LETTER_PASSWORD, LetterFactory

from .conftest import pdf_credentials, pdf_text

pytestmark = pytest.mark.django_db


def test_class_batch_one_letter_per_pupil_and_per_legal_guardian_per_child(school, generate):
    batch, path = generate(scope=LetterBatch.Scope.DIVISION, division=school["division"])

    assert batch.status == LetterBatch.Status.DONE
    letters = Letter.objects.filter(batch=batch)
    # 5 B: Dylan, Léa (pupils) + mother and father for Dylan; the grandmother (level 2) gets none.
    assert letters.count() == 4
    assert set(letters.filter(kind="pupil").values_list("pupil__first_name", flat=True)) == {
        "Dylan",
        "Léa",
    }
    guardians = letters.filter(kind="guardian")
    assert set(guardians.values_list("recipient__first_name", flat=True)) == {"Sophie", "Marc"}
    assert batch.report["comptes_crees"] == 1  # the father had no account yet
    father = User.objects.get(guardian_records=school["father"])
    assert father.state == User.State.PROVISIONAL and father.profile == User.Profile.PARENT
    assert not father.has_usable_password()
    assert AuditEvent.objects.filter(
        action="letters.batch_generated", target_id=str(batch.pk)
    ).exists()


def test_pdf_one_page_per_letter_with_credentials_that_work(school, generate):
    batch, path = generate(scope=LetterBatch.Scope.DIVISION, division=school["division"])

    pages = pdf_text(path)
    assert len(pages) == 4
    credentials = pdf_credentials(path)
    assert set(credentials) == set(
        Letter.objects.filter(batch=batch).values_list("identifier", flat=True)
    )
    for identifier, password in credentials.items():
        assert len(password) == 8 and not set(password) & set("01OIL")
        letter = Letter.objects.get(batch=batch, identifier=identifier)
        assert letter.temp_password_hash != password
        assert check_password(password, letter.temp_password_hash)
    mother_page = next(p for p in pages if "s.martin" in p)
    today = timezone.localdate()
    deadline = add_months(timezone.localtime(), 3).date()
    assert "Collège Marcel Pagnol" in mother_page
    assert f"{today:%d/%m/%Y}" in mother_page
    assert f"{deadline:%d/%m/%Y}" in mother_page
    assert "Dylan MARTIN" in mother_page and "5 B" in mother_page
    assert "12 rue des Écoles" in mother_page and "86000 POITIERS" in mother_page
    assert "https://ent.example.fr/premiere-connexion/" in mother_page
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_whole_school_and_level_scopes(school, generate):
    batch, _ = generate(scope=LetterBatch.Scope.SCHOOL)
    # 3 pupils + mother×2 children + father×1.
    assert batch.report["courriers"] == 6
    batch, _ = generate(scope=LetterBatch.Scope.LEVEL, level="4", include_guardians=False)
    assert list(Letter.objects.filter(batch=batch).values_list("pupil__first_name", flat=True)) == [
        "Florian"
    ]


def test_selection_must_stay_in_the_establishment(school, generate):
    from tests.factories import PupilFactory

    stranger = PupilFactory()
    with pytest.raises(ValidationError):
        generate(scope=LetterBatch.Scope.SELECTION, pupils=[stranger])


def test_reissuing_kills_the_previous_password_at_once(school, generate):
    first, first_path = generate(
        scope=LetterBatch.Scope.SELECTION, pupils=[school["lea"]], include_guardians=False
    )
    old_password = pdf_credentials(first_path)["l.durand"]
    second, second_path = generate(
        scope=LetterBatch.Scope.SELECTION, pupils=[school["lea"]], include_guardians=False
    )

    old, new = Letter.objects.get(batch=first), Letter.objects.get(batch=second)
    assert old.revoked_at is not None and new.revoked_at is None
    assert second.report["anciens_courriers_annules"] == 1
    from django.test import RequestFactory

    from activation.backends import REQUEST_DEAD_LETTER_ATTR, LetterBackend

    request = RequestFactory().post("/")
    assert LetterBackend().authenticate(request, username="l.durand", password=old_password) is None
    assert getattr(request, REQUEST_DEAD_LETTER_ATTR) is True
    new_password = pdf_credentials(second_path)["l.durand"]
    assert LetterBackend().authenticate(
        RequestFactory().post("/"), username="l.durand", password=new_password
    )


def test_activated_accounts_are_skipped_not_reset(school, generate):
    account = school["lea"].account
    account.state = User.State.ACTIVE
    account.save(update_fields=["state"])
    batch, _ = generate(
        scope=LetterBatch.Scope.SELECTION, pupils=[school["lea"]], include_guardians=False
    )
    assert batch.report["courriers"] == 0 and batch.report["deja_actives"] == 1


def test_reset_of_an_active_account_gives_a_new_letter_and_kills_password_and_sessions(
    school, secretariat, django_capture_on_commit_callbacks, password
):
    from activation.services.letters import accounts_reset_request

    account = school["lea"].account
    account.set_password(password)
    account.state = User.State.ACTIVE
    account.save()
    stamp = account.session_stamp
    with django_capture_on_commit_callbacks(execute=True):
        batch = accounts_reset_request(
            establishment=secretariat.establishment, accounts=[account], requested_by=secretariat
        )
    account.refresh_from_db()
    assert account.state == User.State.PROVISIONAL
    assert not account.check_password(password)
    assert account.session_stamp != stamp
    assert Letter.objects.filter(batch=batch, account=account).live().count() == 1
    event = AuditEvent.objects.get(action="account.reset", target_id=str(account.pk))
    assert event.actor == secretariat


def test_a_failing_pdf_leaves_everything_as_it_was(school, generate, monkeypatch):
    old = LetterFactory(
        pupil=school["lea"],
        account=school["lea"].account,
        establishment=school["lea"].establishment,
    )

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr("activation.services.letter_commit.letters_pdf", broken)
    with pytest.raises(OSError):
        generate(scope=LetterBatch.Scope.SELECTION, pupils=[school["lea"]], include_guardians=False)
    batch = LetterBatch.objects.get(scope=LetterBatch.Scope.SELECTION)
    assert batch.status == LetterBatch.Status.FAILED and "disque plein" in batch.error
    assert Letter.objects.filter(batch=batch).count() == 0
    old.refresh_from_db()
    assert old.revoked_at is None  # the family's letter still works


def test_letters_can_be_emailed_to_guardians_with_an_address(school, generate):
    batch, _ = generate(
        scope=LetterBatch.Scope.DIVISION, division=school["division"], send_email=True
    )
    # Only the mother has an e-mail address on file.
    assert batch.report["envoyes_par_courriel"] == 1
    from django.core import mail

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sophie.martin@example.org"]
    assert message.attachments[0][0] == "courrier-s.martin.pdf"
    sent = OutboxMessage.objects.get()
    assert sent.status == OutboxMessage.Status.SENT and sent.attachments == []  # secrets not kept


def test_add_months_handles_short_months():
    tz = datetime.UTC
    assert add_months(datetime.datetime(2026, 11, 30, tzinfo=tz), 3) == datetime.datetime(
        2027, 2, 28, tzinfo=tz
    )
    assert add_months(datetime.datetime(2027, 11, 30, tzinfo=tz), 3) == datetime.datetime(
        2028, 2, 29, tzinfo=tz
    )
    assert add_months(datetime.datetime(2026, 9, 7, tzinfo=tz), 3) == datetime.datetime(
        2026, 12, 7, tzinfo=tz
    )


def test_temporary_passwords_are_random_and_without_look_alikes():
    from activation.passwords import temp_password_generate, temp_passwords_hash

    passwords = {temp_password_generate() for _ in range(500)}
    assert len(passwords) == 500
    assert all(len(p) == 8 and p.isupper() or p.isdigit() for p in passwords)
    assert not set("".join(passwords)) & set("0O1IL")
    hashes = temp_passwords_hash(["AAAA2222", LETTER_PASSWORD], workers=2)
    assert check_password(LETTER_PASSWORD, hashes[1])


def test_letter_passwords_are_hashed_with_argon2id():
    from activation.passwords import temp_password_hash, temp_password_matches

    encoded = temp_password_hash("DCBRJDWH")
    assert encoded.startswith("argon2$argon2id$v=19$m=12288,t=1,p=1$")
    assert temp_password_matches("dcbr jdwh", encoded)
    assert not temp_password_matches("DCBRJDWX", encoded)


def test_a_pupil_entered_without_account_gets_a_pupil_account(school, generate):
    lea = school["lea"]
    lea_account = lea.account
    lea.account = None
    lea.save(update_fields=["account"])
    lea_account.delete()

    batch, _ = generate(scope=LetterBatch.Scope.DIVISION, division=school["division"])

    assert batch.report["comptes_crees"] == 2  # Léa and the father
    lea.refresh_from_db()
    assert lea.account.profile == User.Profile.ELEVE and lea.account.state == User.State.PROVISIONAL
    assert Letter.objects.get(batch=batch, kind="pupil", pupil=lea).account == lea.account


def _swept(account, pupil):
    """The account's only letter expired long ago; the daily sweep empties it (state ``expired``)."""
    from accounts.models import ReservedIdentifier
    from core.retention import sweep_daily as sweep_run

    # The roster's allocation reserved the identifier when it handed it out (the factory does not).
    ReservedIdentifier.objects.get_or_create(
        value=account.username, defaults={"base": account.username}
    )
    now = timezone.now()
    LetterFactory(
        pupil=pupil,
        account=account,
        created_at=now - datetime.timedelta(days=100),
        expires_at=now - datetime.timedelta(days=8),
    )
    sweep_run()
    account.refresh_from_db()
    assert account.state == User.State.EXPIRED
    return account


def test_a_letter_after_the_sweep_gives_the_pupil_a_fresh_account_with_a_new_identifier(
    school, generate
):
    from django.contrib.auth import authenticate

    dylan = school["dylan"]
    old = _swept(dylan.account, dylan)
    dylan.refresh_from_db()
    assert (
        dylan.account_id == old.pk
    )  # the roster still points at the expired account until the purge

    batch, path = generate(scope=LetterBatch.Scope.DIVISION, division=school["division"])

    assert batch.report["deja_actives"] == 0
    letter = Letter.objects.get(batch=batch, kind="pupil", pupil=dylan)
    dylan.refresh_from_db()
    new = dylan.account
    assert new.pk != old.pk and letter.account == new
    assert new.state == User.State.PROVISIONAL and new.profile == User.Profile.ELEVE
    assert letter.identifier == new.username and new.username not in ("d.martin", old.username)
    assert not new.username.startswith("#")
    assert (
        authenticate(username=new.username, password=pdf_credentials(path)[new.username])
        is not None
    )
    assert User.objects.get(pk=old.pk).state == User.State.EXPIRED  # the purge deletes it later


def test_a_guardian_whose_account_was_swept_gets_one_new_account_for_all_her_records(
    school, generate
):
    from accounts.models import Guardian
    from tests.factories import EstablishmentFactory, GuardianFactory

    mother = school["mother"]
    old = _swept(mother.account, school["dylan"])
    # The same mother recorded by another collège shared the account.
    elsewhere = GuardianFactory(
        establishment=EstablishmentFactory(uai="0869999Z"),
        first_name="Sophie",
        last_name="MARTIN",
        account=old,
    )

    batch, _ = generate(scope=LetterBatch.Scope.SCHOOL)

    mother_letters = Letter.objects.filter(
        batch=batch,
        kind="guardian",
        pupil__in=[school["dylan"], school["florian"]],
        account__profile=User.Profile.PARENT,
        account__first_name="Sophie",
    )
    assert mother_letters.count() == 2  # one letter per child, both on one new account
    new = mother_letters.first().account
    assert new.pk != old.pk and new.state == User.State.PROVISIONAL and new.username != "s.martin"
    assert set(mother_letters.values_list("account_id", flat=True)) == {new.pk}
    assert set(
        Guardian.objects.filter(pk__in=[mother.pk, elsewhere.pk]).values_list(
            "account_id", flat=True
        )
    ) == {new.pk}


def test_a_batch_queued_under_the_old_task_name_still_runs(school, secretariat):
    """Upgrading from the layout where letters lived in teleservices loses no queued batch."""
    from celery import current_app

    from activation.services.letters import letter_batch_create

    batch = letter_batch_create(
        establishment=secretariat.establishment,
        created_by=secretariat,
        scope=LetterBatch.Scope.DIVISION,
        division=school["division"],
    )
    current_app.tasks["teleservices.tasks.letter_batch_generate"].apply(args=[batch.pk]).get()
    batch.refresh_from_db()
    assert (
        batch.status == LetterBatch.Status.DONE and Letter.objects.filter(batch=batch).count() == 4
    )


def test_the_letter_names_the_guardian_as_the_responsable_not_the_school(school, generate):
    _, path = generate(scope=LetterBatch.Scope.DIVISION, division=school["division"])

    pages = [" ".join(page.split()) for page in pdf_text(path)]
    mother_page = next(p for p in pages if "s.martin" in p)
    assert "En tant que responsable de Dylan MARTIN, élève de 5 B" in mother_page
    assert "votre compte de parent" in mother_page
    assert "Marcel Pagnol, responsable de" not in mother_page
    pupil_page = next(p for p in pages if "compte élève de Dylan MARTIN" in p)
    assert "responsable" not in pupil_page.split("Identifiant")[0]
