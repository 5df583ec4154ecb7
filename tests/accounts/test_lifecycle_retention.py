"""The account lifecycle's retention engine: batches on several connections, concurrency with the
batch's own UPDATE, the purge's budget and delay, and the index set it was measured with. The
rules it runs are activation's (letters expired, e-mail never confirmed)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from accounts.lifecycle import accounts_purge_expired, purge
from accounts.lifecycle import retention as sweeps
from accounts.models import AuditEvent, User
from tests.activation.letters.retention_helpers import (
    days_ago,
    expired_letter,
    sweep_run,
)
from tests.factories import (
    LetterFactory,
)

pytestmark = pytest.mark.django_db


def test_the_sweep_goes_by_batches_and_a_second_run_finds_nothing(establishment, monkeypatch):
    letters = [expired_letter(establishment) for _ in range(5)]
    batches = []
    for name in ("_sweep_batch_postgresql", "_sweep_batch_orm"):
        original = getattr(sweeps, name)
        monkeypatch.setattr(
            sweeps,
            name,
            lambda batch, _original=original, **kw: (
                batches.append((batch, _original(batch, **kw))) or batches[-1][1]
            ),
        )

    assert sweep_run(batch_size=2)["comptes_courrier_expire"] == 5
    assert [len(done) for _, done in batches] == [2, 2, 1]
    assert batches[-1][0].upto == sweeps.IdRange(after=0).upto  # the last range is open-ended

    assert User.objects.filter(state=User.State.EXPIRED).count() == 5
    targets = set(
        AuditEvent.objects.filter(action="account.swept").values_list("target_id", flat=True)
    )
    assert targets == {str(letter.account_id) for letter in letters}
    again = sweep_run(batch_size=2)
    assert again["comptes_courrier_expire"] == 0 and again["comptes_non_confirmes"] == 0
    assert AuditEvent.objects.filter(action="account.swept").count() == 5


def test_the_purge_waits_the_configured_delay(establishment, settings):
    settings.ACCOUNTS_PURGE_AFTER_DAYS = 7
    letter = expired_letter(establishment)
    sweep_run()
    assert accounts_purge_expired() == 0
    assert User.objects.filter(pk=letter.account_id).exists()
    assert accounts_purge_expired(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert not User.objects.filter(pk=letter.account_id).exists()


def test_the_purge_stops_when_its_time_budget_is_spent_and_the_next_run_goes_on(
    establishment, monkeypatch
):
    letters = [expired_letter(establishment) for _ in range(5)]
    sweep_run()
    clock = itertools.count(step=10)  # every look at the clock: 10 s later
    monkeypatch.setattr(purge.time, "monotonic", lambda: next(clock))

    # Deadline at 25 s: batches start at 10 s and 20 s, not at 30 s.
    assert accounts_purge_expired(budget_seconds=25, batch_size=2) == 4
    assert User.objects.filter(pk__in=[letter.account_id for letter in letters]).count() == 1
    assert accounts_purge_expired(budget_seconds=25, batch_size=2) == 1
    assert accounts_purge_expired(budget_seconds=0) == 0


def test_the_purge_task_runs_the_purge(establishment, settings):
    from accounts.tasks import accounts_purge_expired as task

    letter = expired_letter(establishment)
    sweep_run()
    assert task.apply().get() == 1
    assert not User.objects.filter(pk=letter.account_id).exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_batches_sweep_each_account_once_and_spare_a_concurrent_confirmation(
    establishment, settings, monkeypatch
):
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
    targets = sorted(
        AuditEvent.objects.filter(action="account.swept").values_list("target_id", flat=True)
    )
    assert targets == sorted(
        str(letter.account_id) for letter in letters if letter.account_id != confirmed.pk
    )
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
            LetterFactory(
                pupil=reissued.pupil,
                account=reissued.account,
                created_at=days_ago(0),
                expires_at=days_ago(-90),
            )
        return original(batch, **kwargs)

    monkeypatch.setattr(sweeps, "_sweep_one_batch", reissue_meanwhile)

    assert sweep_run()["comptes_courrier_expire"] == 2
    assert User.objects.get(pk=reissued.account_id).state == User.State.PROVISIONAL
    swept = set(
        AuditEvent.objects.filter(action="account.swept").values_list("target_id", flat=True)
    )
    assert swept == {str(letters[0].account_id), str(letters[2].account_id)}


def test_the_accounts_table_keeps_only_the_indexes_the_sweep_can_afford():
    """Each index of ``accounts_user`` is one more write per swept account (the sweep's UPDATE is
    not HOT): a new one must be added here on purpose, with its cost measured by bench_sweep."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, User._meta.db_table)
    indexes = {
        name
        for name, info in constraints.items()
        if info["index"] or info["primary_key"] or info["unique"]
    }
    indexes = {
        name
        for name in indexes
        if not (constraints[name]["foreign_key"] or constraints[name]["check"])
    }
    expected = {
        "user_name_idx",
        "user_pending_state_idx",
        "user_expired_idx",
        "user_establishment_idx",
    }
    assert expected <= indexes
    others = indexes - expected
    # The primary key, the unique identifier and, on PostgreSQL, the LIKE index Django adds to it.
    assert len(others) == (3 if connection.vendor == "postgresql" else 2), sorted(others)
