import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.utils import timezone

from accounts.lifecycle import accounts_purge_expired
from accounts.models import AuditEvent, Pupil, ReservedIdentifier, User
from activation import selectors
from activation.models import EmailConfirmation, FirstConnectionLock, Letter, LetterBatch
from tests.activation.letters.retention_helpers import (
    days_ago,
    expired_letter,
    link_pupil,
    sweep_run,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    GuardianFactory,
    LetterFactory,
    ProvisionalUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_expired_provisional_account_is_made_unusable_and_anonymous_with_an_audit_record(
    establishment,
):
    expired = expired_letter(establishment)
    older = LetterFactory(
        pupil=expired.pupil,
        account=expired.account,
        created_at=days_ago(200),
        expires_at=days_ago(100),
        revoked_at=days_ago(100),
    )
    identifier = expired.identifier
    ReservedIdentifier.objects.create(value=identifier, base=identifier)
    account = expired.account
    stamp_before = account.session_stamp
    live = LetterFactory(pupil__establishment=establishment)
    link_pupil(expired)
    link_pupil(live)
    never_printed = ProvisionalUserFactory()  # imported, no letter yet: kept
    active = UserFactory()
    before = timezone.now()

    report = sweep_run()

    assert report["comptes_courrier_expire"] == 1
    account.refresh_from_db()
    assert account.state == User.State.EXPIRED and not account.is_active
    assert not account.has_usable_password()
    assert (account.first_name, account.last_name, account.email) == ("", "", "")
    assert account.username == f"#balaye-{account.pk}" and identifier not in account.username
    assert account.session_stamp != stamp_before and account.state_changed_at >= before
    # Who, which letters, when, why.
    event = AuditEvent.objects.get(action="account.swept")
    assert event.actor is None and event.actor_label == "système (balayage quotidien)"
    assert event.target_type == "accounts.user" and event.target_id == str(account.pk)
    assert event.target_label == identifier and event.establishment == establishment
    assert event.details == {
        "letters": sorted([expired.pk, older.pk]),
        "reason": "letter_expired",
        "reason_label": "Courrier de notification expiré sans première connexion (3 mois)",
    }
    assert event.created_at >= before
    # The roster keeps the child, still pointing at the expired account until the purge (an
    # expired account counts as none); the identifier stays reserved.
    expired.pupil.refresh_from_db()
    assert expired.pupil.account_id == account.pk
    assert ReservedIdentifier.objects.filter(value=identifier).exists()
    # Nobody else is touched.
    for other in (live.account, never_printed, active):
        refreshed = User.objects.get(pk=other.pk)
        assert refreshed.state == other.state and refreshed.username == other.username
        assert refreshed.first_name == other.first_name
    live.pupil.refresh_from_db()
    assert live.pupil.account_id == live.account_id
    assert AuditEvent.objects.filter(action="account.swept").count() == 1


def test_a_swept_account_cannot_log_in_with_its_old_identifier(establishment):
    expired = expired_letter(establishment, account=UserFactory(state=User.State.PROVISIONAL))
    assert authenticate(username=expired.identifier, password=DEFAULT_PASSWORD) is not None
    sweep_run()
    assert authenticate(username=expired.identifier, password=DEFAULT_PASSWORD) is None


def test_a_reissued_letter_keeps_the_account(establishment):
    old = expired_letter(establishment, revoked_at=days_ago(50))
    LetterFactory(pupil=old.pupil, account=old.account, created_at=days_ago(50))
    assert sweep_run()["comptes_courrier_expire"] == 0
    assert User.objects.get(pk=old.account_id).state == User.State.PROVISIONAL


def test_unconfirmed_guardians_are_swept_after_the_deadline_confirmed_ones_kept(establishment):
    waiting = UserFactory(
        profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL, email="attente@example.org"
    )
    record = GuardianFactory(establishment=establishment, account=waiting)
    EmailAddress.objects.create(
        user=waiting, email="attente@example.org", verified=False, primary=True
    )
    EmailConfirmation.objects.create(
        account=waiting,
        email="attente@example.org",
        token_hash="c" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    expired_letter(establishment, account=waiting, kind="guardian", used_at=days_ago(90))
    still_in_time = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    LetterFactory(
        pupil__establishment=establishment,
        account=still_in_time,
        kind="guardian",
        used_at=days_ago(1),
    )
    active = UserFactory(profile=User.Profile.PARENT, state=User.State.ACTIVE)
    expired_letter(establishment, account=active, kind="guardian", used_at=days_ago(90))

    report = sweep_run()

    assert report["comptes_non_confirmes"] == 1
    waiting.refresh_from_db()
    assert waiting.state == User.State.EXPIRED and waiting.email == ""
    record.refresh_from_db()
    assert record.account == waiting and record.email  # the roster keeps the person's own data
    # Rows that only existed for the account (its address, its confirmation link) are gone.
    assert not EmailAddress.objects.filter(user=waiting).exists()
    assert not EmailConfirmation.objects.filter(account=waiting).exists()
    assert (
        User.objects.filter(
            pk__in=[still_in_time.pk, active.pk], state__in=["awaiting_email", "active"]
        ).count()
        == 2
    )
    assert AuditEvent.objects.get(action="account.swept").details["reason"] == "email_not_confirmed"


def test_the_deadline_of_an_unconfirmed_account_is_its_last_used_letters(establishment):
    """A guardian who used an old letter, then a reissued one a week ago, has 3 months from the
    reissued one; the same guardian with only the old letter used is swept."""
    reissued = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    expired_letter(establishment, account=reissued, kind="guardian", used_at=days_ago(95))
    LetterFactory(
        pupil__establishment=establishment,
        account=reissued,
        kind="guardian",
        used_at=days_ago(7),
        created_at=days_ago(8),
        expires_at=days_ago(-80),
    )
    only_old = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    expired_letter(establishment, account=only_old, kind="guardian", used_at=days_ago(95))
    LetterFactory(
        pupil__establishment=establishment,
        account=only_old,
        kind="guardian",
        used_at=None,
        created_at=days_ago(8),
        expires_at=days_ago(-80),
    )  # printed, never used: no new deadline

    assert sweep_run()["comptes_non_confirmes"] == 1
    assert User.objects.get(pk=reissued.pk).state == User.State.AWAITING_EMAIL
    assert User.objects.get(pk=only_old.pk).state == User.State.EXPIRED


def test_the_dashboard_still_counts_swept_letters_as_expired(establishment):
    expired = expired_letter(establishment)
    LetterFactory(pupil__establishment=establishment)

    def totals():
        return selectors.dashboard_totals(
            selectors.activation_dashboard(letters=Letter.objects.all())
        )

    before = totals()
    sweep_run()
    assert totals() == before and before["expired"] == 1 and before["waiting"] == 1
    accounts_purge_expired()
    assert totals() == before
    expired.refresh_from_db()
    assert expired.state_label == "Expiré (compte supprimé)"


def test_the_purge_deletes_swept_accounts_and_keeps_the_audit_and_the_letters(establishment):
    letters = [expired_letter(establishment) for _ in range(3)]
    for letter in letters:
        link_pupil(letter)
    by_hand = UserFactory(state=User.State.EXPIRED)  # expired by an administrator: never purged
    sweep_run()
    assert Pupil.objects.filter(account__state=User.State.EXPIRED).count() == 3

    assert accounts_purge_expired() == 3

    assert not User.objects.filter(pk__in=[letter.account_id for letter in letters]).exists()
    assert User.objects.filter(pk=by_hand.pk).exists()
    assert AuditEvent.objects.filter(action="account.swept").count() == 3
    assert AuditEvent.objects.get(action="accounts.purged").details["comptes"] == 3
    for letter in letters:
        letter.refresh_from_db()
        assert letter.account is None and letter.temp_password_hash == "" and letter.swept_at
    # The roster keeps the children, no longer tied to any account.
    assert (
        Pupil.objects.filter(
            pk__in=[letter.pupil_id for letter in letters], account__isnull=True
        ).count()
        == 3
    )
    assert accounts_purge_expired() == 0


def test_expired_locks_and_links_are_purged(establishment):
    letter = LetterFactory(pupil__establishment=establishment)
    # (A lifted lock of the live letter's own tries is kept: see test_hardening.)
    FirstConnectionLock.objects.create(
        account=letter.account, letter=letter, reason="ip", locked_until=days_ago(1)
    )
    current = FirstConnectionLock.objects.create(
        account=letter.account,
        letter=letter,
        reason="account",
        locked_until=timezone.now() + datetime.timedelta(minutes=5),
    )
    EmailConfirmation.objects.create(
        account=letter.account, email="a@example.org", token_hash="a" * 64, expires_at=days_ago(1)
    )
    kept = EmailConfirmation.objects.create(
        account=letter.account,
        email="a@example.org",
        token_hash="b" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    report = sweep_run()
    assert report["verrous_expires"] == 1 and report["liens_expires"] == 1
    assert list(FirstConnectionLock.objects.all()) == [current]
    assert list(EmailConfirmation.objects.all()) == [kept]


def test_batch_pdfs_are_deleted_after_the_download_window(establishment, tmp_path, settings):
    from activation import conf

    directory = conf.letters_dir()
    directory.mkdir(parents=True)
    (directory / "lot-1.pdf").write_bytes(b"%PDF secret")
    batch = LetterBatch.objects.create(
        establishment=establishment,
        scope="school",
        status="done",
        pdf_path="lot-1.pdf",
        pdf_expires_at=days_ago(0),
    )
    assert sweep_run()["pdf_supprimes"] == 1
    batch.refresh_from_db()
    assert batch.pdf_deleted_at is not None and not (directory / "lot-1.pdf").exists()


def test_the_daily_sweep_and_the_purge_are_scheduled():
    from django.conf import settings

    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["core.tasks.sweep_daily"] == 24 * 60 * 60
    assert schedule["accounts.tasks.accounts_purge_expired"] == 10 * 60
    assert "outbox.tasks.outbox_flush" in schedule
