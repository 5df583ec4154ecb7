import datetime
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.utils import timezone

from accounts.lifecycle import accounts_purge_expired, accounts_sweep, purge
from accounts.lifecycle import retention as sweeps
from accounts.models import AuditEvent, Pupil, ReservedIdentifier, User
from activation import selectors
from activation.models import EmailConfirmation, FirstConnectionLock, Letter, LetterBatch
from activation.services.retention import EMAIL_NOT_CONFIRMED, LETTER_EXPIRED
from core.retention import sweep_daily
from tests.factories import (
    DEFAULT_PASSWORD,
    GuardianFactory,
    LetterFactory,
    ProvisionalUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def sweep_run(*, batch_size=None, now=None):
    """The daily sweep; with ``batch_size``, the two account rules alone in batches of that size."""
    if batch_size is None:
        return sweep_daily(now=now)
    now = now or timezone.now()
    return {
        "comptes_courrier_expire": accounts_sweep(rule=LETTER_EXPIRED, now=now, batch_size=batch_size),
        "comptes_non_confirmes": accounts_sweep(rule=EMAIL_NOT_CONFIRMED, now=now, batch_size=batch_size),
    }


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def expired_letter(establishment, **kwargs):
    return LetterFactory(pupil__establishment=establishment, created_at=days_ago(100), expires_at=days_ago(8), **kwargs)


def link_pupil(letter):
    """The roster import ties the child's record to the account, as in real life."""
    Pupil.objects.filter(pk=letter.pupil_id).update(account=letter.account)


def test_an_expired_provisional_account_is_made_unusable_and_anonymous_with_an_audit_record(establishment):
    expired = expired_letter(establishment)
    older = LetterFactory(pupil=expired.pupil, account=expired.account, created_at=days_ago(200),
                          expires_at=days_ago(100), revoked_at=days_ago(100))
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
    waiting = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL, email="attente@example.org")
    record = GuardianFactory(establishment=establishment, account=waiting)
    EmailAddress.objects.create(user=waiting, email="attente@example.org", verified=False, primary=True)
    EmailConfirmation.objects.create(account=waiting, email="attente@example.org", token_hash="c" * 64,
                                     expires_at=timezone.now() + datetime.timedelta(days=1))
    expired_letter(establishment, account=waiting, kind="guardian", used_at=days_ago(90))
    still_in_time = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    LetterFactory(pupil__establishment=establishment, account=still_in_time, kind="guardian", used_at=days_ago(1))
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
    assert User.objects.filter(pk__in=[still_in_time.pk, active.pk], state__in=["awaiting_email", "active"]).count() == 2
    assert AuditEvent.objects.get(action="account.swept").details["reason"] == "email_not_confirmed"


def test_the_deadline_of_an_unconfirmed_account_is_its_last_used_letters(establishment):
    """A guardian who used an old letter, then a reissued one a week ago, has 3 months from the
    reissued one; the same guardian with only the old letter used is swept."""
    reissued = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    expired_letter(establishment, account=reissued, kind="guardian", used_at=days_ago(95))
    LetterFactory(pupil__establishment=establishment, account=reissued, kind="guardian", used_at=days_ago(7),
                  created_at=days_ago(8), expires_at=days_ago(-80))
    only_old = UserFactory(profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL)
    expired_letter(establishment, account=only_old, kind="guardian", used_at=days_ago(95))
    LetterFactory(pupil__establishment=establishment, account=only_old, kind="guardian", used_at=None,
                  created_at=days_ago(8), expires_at=days_ago(-80))  # printed, never used: no new deadline

    assert sweep_run()["comptes_non_confirmes"] == 1
    assert User.objects.get(pk=reissued.pk).state == User.State.AWAITING_EMAIL
    assert User.objects.get(pk=only_old.pk).state == User.State.EXPIRED


def test_the_sweep_goes_by_batches_and_a_second_run_finds_nothing(establishment, monkeypatch):
    letters = [expired_letter(establishment) for _ in range(5)]
    batches = []
    for name in ("_sweep_batch_postgresql", "_sweep_batch_orm"):
        original = getattr(sweeps, name)
        monkeypatch.setattr(sweeps, name, lambda batch, _original=original, **kw: batches.append(
            (batch, _original(batch, **kw))) or batches[-1][1])

    assert sweep_run(batch_size=2)["comptes_courrier_expire"] == 5
    assert [len(done) for _, done in batches] == [2, 2, 1]
    assert batches[-1][0].upto == sweeps.IdRange(after=0).upto  # the last range is open-ended

    assert User.objects.filter(state=User.State.EXPIRED).count() == 5
    targets = set(AuditEvent.objects.filter(action="account.swept").values_list("target_id", flat=True))
    assert targets == {str(letter.account_id) for letter in letters}
    again = sweep_run(batch_size=2)
    assert again["comptes_courrier_expire"] == 0 and again["comptes_non_confirmes"] == 0
    assert AuditEvent.objects.filter(action="account.swept").count() == 5


def test_the_dashboard_still_counts_swept_letters_as_expired(establishment):
    expired = expired_letter(establishment)
    LetterFactory(pupil__establishment=establishment)

    def totals():
        return selectors.dashboard_totals(selectors.activation_dashboard(letters=Letter.objects.all()))

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
    assert Pupil.objects.filter(pk__in=[letter.pupil_id for letter in letters], account__isnull=True).count() == 3
    assert accounts_purge_expired() == 0


def test_the_purge_waits_the_configured_delay(establishment, settings):
    settings.ACCOUNTS_PURGE_AFTER_DAYS = 7
    letter = expired_letter(establishment)
    sweep_run()
    assert accounts_purge_expired() == 0
    assert User.objects.filter(pk=letter.account_id).exists()
    assert accounts_purge_expired(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert not User.objects.filter(pk=letter.account_id).exists()


def test_the_purge_stops_when_its_time_budget_is_spent_and_the_next_run_goes_on(establishment, monkeypatch):
    letters = [expired_letter(establishment) for _ in range(5)]
    sweep_run()
    clock = itertools.count(step=10)  # every look at the clock: 10 s later
    monkeypatch.setattr(purge.time, "monotonic", lambda: next(clock))

    # Deadline at 25 s: batches start at 10 s and 20 s, not at 30 s.
    assert accounts_purge_expired(budget_seconds=25, batch_size=2) == 4
    assert User.objects.filter(pk__in=[letter.account_id for letter in letters]).count() == 1
    assert accounts_purge_expired(budget_seconds=25, batch_size=2) == 1
    assert accounts_purge_expired(budget_seconds=0) == 0


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
    from activation import conf

    directory = conf.letters_dir()
    directory.mkdir(parents=True)
    (directory / "lot-1.pdf").write_bytes(b"%PDF secret")
    batch = LetterBatch.objects.create(establishment=establishment, scope="school", status="done",
                                       pdf_path="lot-1.pdf", pdf_expires_at=days_ago(0))
    assert sweep_run()["pdf_supprimes"] == 1
    batch.refresh_from_db()
    assert batch.pdf_deleted_at is not None and not (directory / "lot-1.pdf").exists()


def test_the_daily_sweep_and_the_purge_are_scheduled():
    from django.conf import settings

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["core.tasks.sweep_daily"] == 24 * 60 * 60
    assert schedule["accounts.tasks.accounts_purge_expired"] == 10 * 60
    assert "outbox.tasks.outbox_flush" in schedule


def test_the_purge_task_runs_the_purge(establishment, settings):
    from accounts.tasks import accounts_purge_expired as task

    letter = expired_letter(establishment)
    sweep_run()
    assert task.apply().get() == 1
    assert not User.objects.filter(pk=letter.account_id).exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_batches_sweep_each_account_once_and_spare_a_concurrent_confirmation(establishment, settings,
                                                                                       monkeypatch):
    """On PostgreSQL, batches run on two connections at once (one on SQLite): none overlaps, and an
    account that left ``provisional`` between the read of its batch and the UPDATE is not swept."""
    settings.ACCOUNTS_SWEEP_WORKERS = 2
    letters = [expired_letter(establishment) for _ in range(7)]
    confirmed = letters[3].account
    seen: list[sweeps.IdRange] = []
    original = sweeps._sweep_one_batch

    def confirm_meanwhile(batch, **kwargs):
        seen.append(batch)
        if confirmed.pk in batch:
            User.objects.filter(pk=confirmed.pk).update(state=User.State.ACTIVE)
        return original(batch, **kwargs)

    monkeypatch.setattr(sweeps, "_sweep_one_batch", confirm_meanwhile)

    assert sweep_run(batch_size=2)["comptes_courrier_expire"] == 6

    # Every candidate in exactly one batch: the ranges follow each other without overlapping.
    for account_id in (letter.account_id for letter in letters):
        assert sum(account_id in batch for batch in seen) == 1
    assert all(earlier.upto == later.after for earlier, later in zip(seen, seen[1:], strict=False))
    assert len(seen) == 4  # 7 accounts, 2 per batch
    assert User.objects.get(pk=confirmed.pk).state == User.State.ACTIVE
    targets = sorted(AuditEvent.objects.filter(action="account.swept").values_list("target_id", flat=True))
    assert targets == sorted(str(letter.account_id) for letter in letters if letter.account_id != confirmed.pk)
    assert sweep_run(batch_size=2)["comptes_courrier_expire"] == 0


def test_sweep_workers_one_on_sqlite_setting_on_postgresql(settings):
    from django.db import connection

    settings.ACCOUNTS_SWEEP_WORKERS = 3
    assert sweeps.sweep_workers() == (3 if connection.vendor == "postgresql" else 1)


def test_a_letter_issued_after_the_batch_was_read_keeps_its_account(establishment, monkeypatch):
    """Why an account is swept is tested by the batch's own UPDATE, not by the earlier read: a new
    letter printed in between (the secretariat reissued it) saves the account."""
    letters = [expired_letter(establishment) for _ in range(3)]
    reissued = letters[1]
    original = sweeps._sweep_one_batch

    def reissue_meanwhile(batch, **kwargs):
        if reissued.account_id in batch:
            LetterFactory(pupil=reissued.pupil, account=reissued.account, created_at=days_ago(0),
                          expires_at=days_ago(-90))
        return original(batch, **kwargs)

    monkeypatch.setattr(sweeps, "_sweep_one_batch", reissue_meanwhile)

    assert sweep_run()["comptes_courrier_expire"] == 2
    assert User.objects.get(pk=reissued.account_id).state == User.State.PROVISIONAL
    swept = set(AuditEvent.objects.filter(action="account.swept").values_list("target_id", flat=True))
    assert swept == {str(letters[0].account_id), str(letters[2].account_id)}


def test_the_accounts_table_keeps_only_the_indexes_the_sweep_can_afford():
    """Each index of ``accounts_user`` is one more write per swept account (the sweep's UPDATE is
    not HOT): a new one must be added here on purpose, with its cost measured by bench_sweep."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, User._meta.db_table)
    indexes = {name for name, info in constraints.items() if info["index"] or info["primary_key"] or info["unique"]}
    indexes = {name for name in indexes if not (constraints[name]["foreign_key"] or constraints[name]["check"])}
    expected = {"user_name_idx", "user_pending_state_idx", "user_expired_idx", "user_establishment_idx"}
    assert expected <= indexes
    others = indexes - expected
    # The primary key, the unique identifier and, on PostgreSQL, the LIKE index Django adds to it.
    assert len(others) == (3 if connection.vendor == "postgresql" else 2), sorted(others)
