"""The daily sweep of accounts that were never activated (phase 1).

Which accounts go, and why, is said by the app that knows (activation: a letter expired without
a first connection, an e-mail never confirmed within the 3 months): it registers an ``ExpiryRule``
(the accounts' state, a condition on the account row, the evidence kept in the audit record) and
asks ``accounts_sweep`` to apply it from the daily sweep (core.retention).

A swept account, in one transaction per batch (a range of ids): an ``AuditEvent`` "account.swept"
is written (who, which evidence, when, why), the account becomes ``expired``, inactive, without a
usable password, names, e-mail nor identifier (``#balaye-<id>``), its sessions are dead (new
``session_stamp``), and the rows that only exist for the account (e-mail addresses, FranceConnect
link, tokens, locks…) are deleted. The roster (pupil, guardian, staff records) keeps pointing at
the expired account until the purge: updating those rows would double the sweep's cost, and
everything that follows ``pupil.account`` / ``guardian.account`` treats an expired account as no
account. The identifier stays reserved (``ReservedIdentifier`` is not touched): it is never
handed out again.

Batches run on ``ACCOUNTS_SWEEP_WORKERS`` database connections at once (threads, default 2; one
on SQLite, and one when the caller is inside a transaction, whose rows other connections could not
see). The main thread cuts the accounts in the pending state into id ranges of
``SWEEP_ACCOUNT_BATCH_SIZE`` accounts, from the partial index ``user_pending_state_idx`` (one short
index scan per batch), and hands each range to the next free worker: ranges never overlap, and
each batch's ``UPDATE`` tests the state and the rule's condition on the row it changes, so an
account confirmed or sent a new letter meanwhile is never swept.

What a swept row costs is mostly its new version in each index of ``accounts_user`` and
``accounts_auditevent``: both tables keep only the indexes their queries use (partial ones where
the sweep's rows have nothing to index), see ``accounts/migrations/0002_lean_indexes_for_the_sweep``.
The purge (phase 2) is ``lifecycle.purge``. Memory stays flat: the sweep holds two ids per batch.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat

from .. import conf
from ..models import AuditAction, AuditEvent, User, new_session_stamp
from .purge import SWEPT_USERNAME_PREFIX, delete_dependents
from .sql import column, table

SWEEP_ACTOR_LABEL = "système (balayage quotidien)"
# The last batch's upper bound: bigint's largest value.
_ID_MAX = 2**63 - 1

Evidence = dict[int, tuple[list[int], int | None]]  # account id → (evidence ids, establishment id)


@dataclass(frozen=True)
class ExpiryRule:
    """Why accounts in ``from_state`` expire.

    ``condition_sql()``: a boolean SQL expression on the account row ``u`` (``%(now)s`` is the
    sweep's moment), tested by the batch's UPDATE itself. ``evidence_sql()``: a SELECT of
    ``account_id, ids (array), establishment_id`` grouped by account, for the accounts of
    ``(SELECT id FROM swept)``; its ids are kept in the audit record under ``evidence_key``.
    ``candidates`` and ``evidence`` are the same through the ORM (SQLite: tests, development)."""

    reason: str
    label: str
    from_state: str
    condition_sql: Callable[[], str]
    evidence_sql: Callable[[], str]
    candidates: Callable[[datetime.datetime], QuerySet[User]]
    evidence: Callable[[list[int]], Evidence]
    evidence_key: str = "letters"


def sweep_workers() -> int:
    """Batches swept at once, each on its own connection: 1 on SQLite (one writer at a time)."""
    if connection.vendor != "postgresql":
        return 1
    return conf.sweep_workers_setting()


@dataclass(frozen=True)
class IdRange:
    """One batch: the accounts with ``after < id <= upto``."""

    after: int
    upto: int = _ID_MAX

    def __contains__(self, pk: object) -> bool:
        return isinstance(pk, int) and self.after < pk <= self.upto


def _sweep_sql(rule: ExpiryRule) -> str:
    """One statement: accounts emptied, one audit row each; returns the ids.

    Only table and column names (from the models' ``_meta``) are formatted in; every value is a
    parameter. The batch is an id range; the ``state`` and condition tests on the updated row are
    what make a concurrent change win: an account that left ``from_state`` meanwhile, or got a new
    letter, is neither swept nor audited. Every part of the statement reads the same snapshot, so
    ``old`` is the account as it was before the UPDATE.
    """
    u, a = User, AuditEvent
    return f"""
WITH swept AS (
    UPDATE {table(u)} AS u
       SET {column(u, "state")} = %(expired)s, {column(u, "is_active")} = false,
           {column(u, "password")} = %(password)s, {column(u, "session_stamp")} = %(stamp)s,
           {column(u, "first_name")} = '', {column(u, "last_name")} = '', {column(u, "email")} = '',
           {column(u, "username")} = %(prefix)s || u.{column(u, "id")},
           {column(u, "state_changed_at")} = %(now)s
     WHERE u.{column(u, "id")} > %(after)s AND u.{column(u, "id")} <= %(upto)s
       AND u.{column(u, "state")} = %(from_state)s AND {rule.condition_sql()}
 RETURNING u.{column(u, "id")} AS id
), evidence AS (
    {rule.evidence_sql()}
), audit AS (
    INSERT INTO {table(a)} ({column(a, "created_at")}, {column(a, "actor")}, {column(a, "actor_label")},
                {column(a, "action")}, {column(a, "establishment")}, {column(a, "target_type")},
                {column(a, "target_id")}, {column(a, "target_label")}, {column(a, "details")})
    SELECT %(now)s, NULL, %(actor_label)s, %(action)s, evidence.establishment_id, %(target_type)s,
           swept.id::text, old.{column(u, "username")},
           jsonb_build_object(%(evidence_key)s::text, coalesce(to_jsonb(evidence.ids), '[]'::jsonb),
                              'reason', %(reason)s::text, 'reason_label', %(reason_label)s::text)
      FROM swept
      JOIN {table(u)} AS old ON old.{column(u, "id")} = swept.id
      LEFT JOIN evidence ON evidence.account_id = swept.id
)
SELECT id FROM swept ORDER BY id
"""  # noqa: S608 - names from the models' _meta, values as parameters


def _sweep_batch_postgresql(
    batch: IdRange, *, rule: ExpiryRule, now: datetime.datetime
) -> list[int]:
    with connection.cursor() as cursor:
        # Compiling the statement to machine code costs more than it saves for 20,000 rows.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            _sweep_sql(rule),
            {
                "after": batch.after,
                "upto": batch.upto,
                "from_state": rule.from_state,
                "expired": User.State.EXPIRED,
                "password": make_password(None),
                "stamp": new_session_stamp(),
                "prefix": SWEPT_USERNAME_PREFIX,
                "now": now,
                "actor_label": SWEEP_ACTOR_LABEL,
                "action": AuditAction.ACCOUNT_SWEPT.value,
                "target_type": User._meta.label_lower,
                "evidence_key": rule.evidence_key,
                "reason": rule.reason,
                "reason_label": rule.label,
            },
        )
        return [row[0] for row in cursor.fetchall()]


def _sweep_batch_orm(batch: IdRange, *, rule: ExpiryRule, now: datetime.datetime) -> list[int]:
    """The same as the PostgreSQL statement, through the ORM (SQLite: tests and development)."""
    usernames = dict(
        rule.candidates(now)
        .filter(pk__gt=batch.after, pk__lte=batch.upto, state=rule.from_state)
        .values_list("pk", "username")
    )
    ids = sorted(usernames)
    evidence = rule.evidence(ids)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                created_at=now,
                actor=None,
                actor_label=SWEEP_ACTOR_LABEL,
                action=AuditAction.ACCOUNT_SWEPT,
                establishment_id=evidence.get(account_id, ([], None))[1],
                target_type=User._meta.label_lower,
                target_id=str(account_id),
                target_label=usernames[account_id],
                details={
                    rule.evidence_key: sorted(evidence.get(account_id, ([], None))[0]),
                    "reason": rule.reason,
                    "reason_label": rule.label,
                },
            )
            for account_id in ids
        ],
        batch_size=500,
    )
    User._base_manager.filter(pk__in=ids).update(
        state=User.State.EXPIRED,
        is_active=False,
        password=make_password(None),
        session_stamp=new_session_stamp(),
        first_name="",
        last_name="",
        email="",
        username=Concat(Value(SWEPT_USERNAME_PREFIX), Cast("pk", output_field=CharField())),
        state_changed_at=now,
    )
    return ids


def _sweep_one_batch(batch: IdRange, *, rule: ExpiryRule, now: datetime.datetime) -> int:
    """One transaction on the calling thread's connection."""
    sweep_batch = _sweep_batch_postgresql if connection.vendor == "postgresql" else _sweep_batch_orm
    with transaction.atomic():
        done = sweep_batch(batch, rule=rule, now=now)
        if done:
            delete_dependents(done)
    return len(done)


def _sweep_in_worker(batch: IdRange, *, rule: ExpiryRule, now: datetime.datetime) -> int:
    """A worker thread's batch, on the thread's own connection, closed at the end."""
    try:
        return _sweep_one_batch(batch, rule=rule, now=now)
    finally:
        connections.close_all()


def _candidate_batches(from_state: str, *, batch_size: int) -> Iterator[IdRange]:
    """The batches, as id ranges holding ``batch_size`` accounts in ``from_state`` each (the last
    one may hold fewer), read from the partial index on pending states: one short index scan per
    batch, no id list carried around. Which of these accounts go is decided by the batch's UPDATE."""
    pending = (
        User._base_manager.filter(state=from_state).order_by("pk").values_list("pk", flat=True)
    )
    last = 0
    while True:
        rest = pending.filter(pk__gt=last)
        bound = list(rest[batch_size - 1 : batch_size])
        if not bound:
            if rest.exists():
                yield IdRange(after=last)
            return
        yield IdRange(after=last, upto=bound[0])
        last = bound[0]


def accounts_sweep(
    *, rule: ExpiryRule, now: datetime.datetime, batch_size: int | None = None
) -> int:
    """Sweeps every account the rule says is expired; returns how many. Idempotent."""
    batch_size = batch_size or conf.SWEEP_ACCOUNT_BATCH_SIZE
    workers = sweep_workers()
    batches = _candidate_batches(rule.from_state, batch_size=batch_size)
    if workers == 1 or connection.in_atomic_block:
        return sum(_sweep_one_batch(batch, rule=rule, now=now) for batch in batches)
    swept = 0
    pending: set[Future[int]] = set()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sweep") as executor:
        try:
            for batch in batches:
                # One batch formed ahead at most.
                while len(pending) > workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    swept += sum(future.result() for future in done)
                pending.add(executor.submit(_sweep_in_worker, batch, rule=rule, now=now))
            done, pending = wait(pending)
            swept += sum(future.result() for future in done)
        finally:
            for future in pending:
                future.cancel()
    return swept
