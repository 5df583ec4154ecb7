import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, ReservedIdentifier, User
from teleservices.models import EmailConfirmation, FirstConnectionLock, LetterBatch
from teleservices.services.sweeps import sweep_run
from tests.factories import LetterFactory, ProvisionalUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def test_provisional_accounts_whose_letters_expired_are_deleted_with_an_audit_record(establishment):
    expired = LetterFactory(pupil__establishment=establishment, created_at=days_ago(100), expires_at=days_ago(8))
    ReservedIdentifier.objects.create(value=expired.identifier, base=expired.identifier)
    live = LetterFactory(pupil__establishment=establishment)
    never_printed = ProvisionalUserFactory()  # imported, no letter yet: kept

    report = sweep_run(batch_size=1)

    assert report["comptes_courrier_expire"] == 1
    assert not User.objects.filter(pk=expired.account_id).exists()
    assert User.objects.filter(pk=live.account_id).exists()
    assert User.objects.filter(pk=never_printed.pk).exists()
    event = AuditEvent.objects.get(action="account.swept")
    assert event.target_label == expired.identifier and event.establishment == establishment
    assert event.details["letters"] == [expired.pk] and event.details["reason"] == "letter_expired"
    assert event.actor_label.startswith("système")
    # The letter stays (dashboard), without account nor hash; the identifier stays reserved.
    expired.refresh_from_db()
    assert expired.account is None and expired.swept_at and expired.temp_password_hash == ""
    assert ReservedIdentifier.objects.filter(value=expired.identifier).exists()


def test_a_reissued_letter_keeps_the_account(establishment):
    old = LetterFactory(pupil__establishment=establishment, created_at=days_ago(100), expires_at=days_ago(8),
                        revoked_at=days_ago(50))
    LetterFactory(pupil=old.pupil, account=old.account, created_at=days_ago(50))
    assert sweep_run()["comptes_courrier_expire"] == 0
    assert User.objects.filter(pk=old.account_id).exists()


def test_unconfirmed_guardians_are_deleted_after_the_deadline_confirmed_ones_kept(establishment):
    waiting = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    LetterFactory(pupil__establishment=establishment, account=waiting, kind="guardian", created_at=days_ago(100),
                  expires_at=days_ago(8), used_at=days_ago(90))
    still_in_time = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    LetterFactory(pupil__establishment=establishment, account=still_in_time, kind="guardian", used_at=days_ago(1))
    active = UserFactory(profile=User.Profile.PARENT, state=User.State.ACTIVE)
    LetterFactory(pupil__establishment=establishment, account=active, kind="guardian", created_at=days_ago(100),
                  expires_at=days_ago(8), used_at=days_ago(90))

    report = sweep_run()

    assert report["comptes_non_confirmes"] == 1
    assert not User.objects.filter(pk=waiting.pk).exists()
    assert User.objects.filter(pk__in=[still_in_time.pk, active.pk]).count() == 2
    assert AuditEvent.objects.get(action="account.swept").details["reason"] == "email_not_confirmed"


def test_expired_locks_and_links_are_purged(establishment):
    letter = LetterFactory(pupil__establishment=establishment)
    FirstConnectionLock.objects.create(account=letter.account, letter=letter, reason="account",
                                       locked_until=days_ago(1))
    current = FirstConnectionLock.objects.create(account=letter.account, letter=letter, reason="account",
                                                 locked_until=timezone.now() + datetime.timedelta(minutes=5))
    EmailConfirmation.objects.create(account=letter.account, email="a@example.org", token_hash="a" * 64,
                                     expires_at=days_ago(1))
    kept = EmailConfirmation.objects.create(account=letter.account, email="a@example.org", token_hash="b" * 64,
                                            expires_at=timezone.now() + datetime.timedelta(days=1))
    report = sweep_run()
    assert report["verrous_expires"] == 1 and report["liens_expires"] == 1
    assert list(FirstConnectionLock.objects.all()) == [current]
    assert list(EmailConfirmation.objects.all()) == [kept]


def test_batch_pdfs_are_deleted_after_the_download_window(establishment, tmp_path, settings):
    from teleservices import conf

    directory = conf.letters_dir()
    directory.mkdir(parents=True)
    (directory / "lot-1.pdf").write_bytes(b"%PDF secret")
    batch = LetterBatch.objects.create(establishment=establishment, scope="school", status="done",
                                       pdf_path="lot-1.pdf", pdf_expires_at=days_ago(0))
    assert sweep_run()["pdf_supprimes"] == 1
    batch.refresh_from_db()
    assert batch.pdf_deleted_at is not None and not (directory / "lot-1.pdf").exists()


def test_the_daily_task_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"teleservices.tasks.sweep_daily", "teleservices.tasks.outbox_flush"} <= tasks

