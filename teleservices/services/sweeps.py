"""The daily sweep (Celery beat) and the background purge of swept accounts.

Phase 1, ``sweep_run`` (daily): provisional accounts whose letters all expired, and accounts still
awaiting their e-mail confirmation after the letter's 3 months, are *swept*: in one transaction per
batch (a range of ids), an ``AuditEvent`` "account.swept" is written per
account (who, which letters, when, why), the account becomes ``expired``, inactive, without a usable
password, names, e-mail nor identifier (``#balaye-<id>``), its sessions are dead (new
``session_stamp``), and the rows that only exist for the account (e-mail addresses, FranceConnect
link, tokens, locks…) are deleted. The roster (pupil, guardian, staff records) keeps pointing at the
expired account until the purge: updating those rows would double the sweep's cost, and everything
that follows ``pupil.account`` / ``guardian.account`` treats an expired account as no account (a new
letter creates a fresh account with a new identifier and repoints the record, see
``letters._accounts_create_missing``). The identifier stays reserved (``ReservedIdentifier`` is not
touched): it is never handed out again.

Batches run on ``TELESERVICES_SWEEP_WORKERS`` database connections at once (threads, default 2;
one on SQLite, and one when the caller is inside a transaction, whose rows other connections could
not see). The main thread cuts the accounts in the pending state into id ranges of
``ACCOUNT_BATCH_SIZE`` accounts, from the partial index ``user_pending_state_idx`` (one short
index scan per batch), and hands each range to the next free worker: ranges never overlap, and
each batch's ``UPDATE`` tests the state and the letters on the row it changes, so an account
confirmed or sent a new letter meanwhile is never swept.

What a swept row costs is mostly its new version in each index of ``accounts_user`` and
``accounts_auditevent``: both tables keep only the indexes their queries use (partial ones where
the sweep's rows have nothing to index), see ``accounts/migrations/0002_lean_indexes_for_the_sweep``.

Phase 2, ``accounts_purge_expired`` (every 10 minutes): the swept rows are deleted for good, in
batches, within a time budget per run; the roster records pointing at them are set to NULL then.
Deleting an ``accounts_user`` row costs PostgreSQL one foreign-key check per table that references
it (~20 of them), which is why it is not done in the daily sweep itself: the sweep is an
``UPDATE`` (no foreign-key check), the purge trickles behind.

Memory stays flat: the sweep holds two ids per batch; the purge one batch of ids at a time.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, connections, transaction
from django.db.models import (
    CASCADE,
    DO_NOTHING,
    PROTECT,
    SET_NULL,
    CharField,
    Exists,
    Model,
    OuterRef,
    Value,
    signals,
)
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent, User, new_session_stamp
from outbox.services import outbox_purge_sent

from .. import conf
from ..models import EmailConfirmation, FirstConnectionLock, Letter, LetterBatch

REASON_LETTER_EXPIRED = "letter_expired"
REASON_EMAIL_NOT_CONFIRMED = "email_not_confirmed"
REASON_LABELS = {
    REASON_LETTER_EXPIRED: "Courrier de notification expiré sans première connexion (3 mois)",
    REASON_EMAIL_NOT_CONFIRMED: "Adresse électronique non confirmée dans le délai de 3 mois",
}
SWEEP_ACTOR_LABEL = "système (balayage quotidien)"
# A swept account's username: '#' is refused by Django's username validator, so no real
# identifier ever looks like this, and the purge knows the accounts the sweep emptied (an account
# an administrator set to "expired" by hand keeps its data and is never purged).
SWEPT_USERNAME_PREFIX = "#balaye-"
# Accounts per transaction in the sweep: 20,000 keeps each transaction around a second.
ACCOUNT_BATCH_SIZE = 20_000
# The purge deletes fewer rows per transaction: each costs ~20 foreign-key checks.
PURGE_BATCH_SIZE = 2_000
# Database connections sweeping batches at once (PostgreSQL); the machine has 2 cores.
DEFAULT_SWEEP_WORKERS = 2


def purge_delay() -> datetime.timedelta:
    """How long a swept account's (empty) row stays before the purge deletes it."""
    return datetime.timedelta(days=getattr(settings, "TELESERVICES_PURGE_AFTER_DAYS", 0))


def sweep_workers() -> int:
    """Batches swept at once, each on its own connection: 1 on SQLite (one writer at a time)."""
    if connection.vendor != "postgresql":
        return 1
    return max(1, int(getattr(settings, "TELESERVICES_SWEEP_WORKERS", DEFAULT_SWEEP_WORKERS)))


def purge_budget_seconds() -> float:
    """The purge stops starting new batches after this long; the next run goes on."""
    return float(getattr(settings, "TELESERVICES_PURGE_BUDGET_SECONDS", 45))


def _expired_provisional(now: datetime.datetime):
    """Provisional accounts that have letters, none of them still valid."""
    valid = Letter.objects.filter(account=OuterRef("pk"), expires_at__gt=now)
    any_letter = Letter.objects.filter(account=OuterRef("pk"))
    return User.objects.filter(state=User.State.PROVISIONAL).filter(Exists(any_letter)).exclude(Exists(valid))


def _unconfirmed_past_deadline(now: datetime.datetime):
    """Accounts still awaiting their e-mail confirmation when the 3 months of the letter they used
    are over (of the last one, when a reissued letter was used too)."""
    used = Letter.objects.filter(account=OuterRef("pk"), used_at__isnull=False)
    return (
        User.objects.filter(state=User.State.AWAITING_EMAIL)
        .filter(Exists(used))
        .exclude(Exists(used.filter(expires_at__gt=now)))
    )


def _swept_accounts():
    return User._base_manager.filter(state=User.State.EXPIRED, username__startswith=SWEPT_USERNAME_PREFIX)


# --- Phase 1: the sweep -------------------------------------------------------------------------


def _column(model, field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _reason_condition_sql(reason: str) -> str:
    """Why an account is swept, tested on the row being updated (``u``), so that whatever changed
    since the batch was formed counts: a letter printed meanwhile keeps its account, an account
    that confirmed its address left ``awaiting_email`` (the state test in ``_sweep_sql``).

    Written as the latest expiry among the account's (used) letters: one backward probe of
    ``letter_account_expiry_idx`` per account, whatever the planner thinks of the batch's size
    (``EXISTS`` let it hash the whole letter table). No letter gives NULL: never swept."""
    letters, account = _table(Letter), _column(Letter, "account")
    expires, used = _column(Letter, "expires_at"), _column(Letter, "used_at")
    used_only = f" AND l.{used} IS NOT NULL" if reason == REASON_EMAIL_NOT_CONFIRMED else ""
    return (
        f"(SELECT max(l.{expires}) FROM {letters} l "  # noqa: S608 - names from _meta
        f"WHERE l.{account} = u.{_column(User, 'id')}{used_only}) <= %(now)s"
    )


_SWEPT_BY_REASON = {
    REASON_LETTER_EXPIRED: _expired_provisional,
    REASON_EMAIL_NOT_CONFIRMED: _unconfirmed_past_deadline,
}

# The last batch's upper bound: bigint's largest value.
_ID_MAX = 2**63 - 1


@dataclass(frozen=True)
class IdRange:
    """One batch: the accounts with ``after < id <= upto``."""

    after: int
    upto: int = _ID_MAX

    def __contains__(self, pk: object) -> bool:
        return isinstance(pk, int) and self.after < pk <= self.upto


def _sweep_sql(reason: str) -> str:
    """One statement: accounts emptied, one audit row each; returns the ids.

    Only table and column names (from the models' ``_meta``) are formatted in; every value is a
    parameter. The batch is an id range; the ``state`` and reason tests on the updated row are what
    make a concurrent change win: an account that left ``from_state`` meanwhile, or got a new
    letter, is neither swept nor audited. Every part of the statement reads the same snapshot, so
    ``old`` is the account as it was before the UPDATE.
    """
    u, a, letter = User, AuditEvent, Letter
    return f"""
WITH swept AS (
    UPDATE {_table(u)} AS u
       SET {_column(u, "state")} = %(expired)s, {_column(u, "is_active")} = false,
           {_column(u, "password")} = %(password)s, {_column(u, "session_stamp")} = %(stamp)s,
           {_column(u, "first_name")} = '', {_column(u, "last_name")} = '', {_column(u, "email")} = '',
           {_column(u, "username")} = %(prefix)s || u.{_column(u, "id")},
           {_column(u, "state_changed_at")} = %(now)s
     WHERE u.{_column(u, "id")} > %(after)s AND u.{_column(u, "id")} <= %(upto)s
       AND u.{_column(u, "state")} = %(from_state)s AND {_reason_condition_sql(reason)}
 RETURNING u.{_column(u, "id")} AS id
), letter_sets AS (
    SELECT {_column(letter, "account")} AS account_id,
           array_agg({_column(letter, "id")} ORDER BY {_column(letter, "id")}) AS ids,
           min({_column(letter, "establishment")}) AS establishment_id
      FROM {_table(letter)}
     WHERE {_column(letter, "account")} IN (SELECT id FROM swept)
  GROUP BY {_column(letter, "account")}
), audit AS (
    INSERT INTO {_table(a)} ({_column(a, "created_at")}, {_column(a, "actor")}, {_column(a, "actor_label")},
                {_column(a, "action")}, {_column(a, "establishment")}, {_column(a, "target_type")},
                {_column(a, "target_id")}, {_column(a, "target_label")}, {_column(a, "details")})
    SELECT %(now)s, NULL, %(actor_label)s, %(action)s, letter_sets.establishment_id, %(target_type)s,
           swept.id::text, old.{_column(u, "username")},
           jsonb_build_object('letters', coalesce(to_jsonb(letter_sets.ids), '[]'::jsonb),
                              'reason', %(reason)s::text, 'reason_label', %(reason_label)s::text)
      FROM swept
      JOIN {_table(u)} AS old ON old.{_column(u, "id")} = swept.id
      LEFT JOIN letter_sets ON letter_sets.account_id = swept.id
)
SELECT id FROM swept ORDER BY id
"""  # noqa: S608 - names from the models' _meta, values as parameters


def _sweep_batch_postgresql(batch: IdRange, *, from_state: str, reason: str, now: datetime.datetime) -> list[int]:
    with connection.cursor() as cursor:
        # Compiling the statement to machine code costs more than it saves for 20,000 rows.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            _sweep_sql(reason),
            {
                "after": batch.after,
                "upto": batch.upto,
                "from_state": from_state,
                "expired": User.State.EXPIRED,
                "password": make_password(None),
                "stamp": new_session_stamp(),
                "prefix": SWEPT_USERNAME_PREFIX,
                "now": now,
                "actor_label": SWEEP_ACTOR_LABEL,
                "action": "account.swept",
                "target_type": User._meta.label_lower,
                "reason": reason,
                "reason_label": REASON_LABELS[reason],
            },
        )
        return [row[0] for row in cursor.fetchall()]


def _sweep_batch_orm(batch: IdRange, *, from_state: str, reason: str, now: datetime.datetime) -> list[int]:
    """The same as the PostgreSQL statement, through the ORM (SQLite: tests and development)."""
    usernames = dict(
        _SWEPT_BY_REASON[reason](now)
        .filter(pk__gt=batch.after, pk__lte=batch.upto, state=from_state)
        .values_list("pk", "username")
    )
    ids = sorted(usernames)
    letters_by_account: dict[int, list[int]] = defaultdict(list)
    establishment_by_account: dict[int, int] = {}
    for letter_id, account_id, establishment_id in Letter.objects.filter(account_id__in=ids).values_list(
        "pk", "account_id", "establishment_id"
    ):
        letters_by_account[account_id].append(letter_id)
        known = establishment_by_account.get(account_id, establishment_id)
        establishment_by_account[account_id] = min(known, establishment_id)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                created_at=now,
                actor=None,
                actor_label=SWEEP_ACTOR_LABEL,
                action="account.swept",
                establishment_id=establishment_by_account.get(account_id),
                target_type=User._meta.label_lower,
                target_id=str(account_id),
                target_label=usernames[account_id],
                details={
                    "letters": sorted(letters_by_account.get(account_id, [])),
                    "reason": reason,
                    "reason_label": REASON_LABELS[reason],
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


Relation = tuple[type[Model], str, Callable[..., None]]  # model holding the key, its name, on_delete


def _relations_with_rows(relations: list[Relation], ids: list[int]) -> list[Relation]:
    """The relations that may hold rows for these accounts (``ids`` sorted): one query for all.

    Nearly always few of them (a swept account has no e-mail address, token nor lock), so a
    batch costs one short query here instead of one statement per table. The probe looks at the
    batch's id range (an index range scan, whatever the batch size); a table with rows of other
    accounts of that range only costs an exact statement that finds nothing.
    """
    if connection.vendor != "postgresql" or not relations:
        return relations
    probes = ", ".join(
        f"EXISTS (SELECT 1 FROM {_table(model)} WHERE {_column(model, field)} BETWEEN %(low)s AND %(high)s)"  # noqa: S608
        for model, field, _ in relations
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}", {"low": ids[0], "high": ids[-1]})  # noqa: S608 - names from _meta
        found = cursor.fetchone()
    return [relation for relation, has_rows in zip(relations, found, strict=True) if has_rows]


def _delete_dependents(ids: list[int]) -> None:
    """Rows that only exist for the swept accounts (e-mail addresses, FranceConnect link, tokens,
    locks…): deleted now, with the ORM (it follows their own relations)."""
    cascading = [relation for relation in _account_relations() if relation[2] is CASCADE]
    for model, field_name, _ in _relations_with_rows(cascading, ids):
        model._base_manager.filter(**{f"{field_name}__in": ids}).delete()


def _sweep_one_batch(batch: IdRange, *, from_state: str, reason: str, now: datetime.datetime) -> int:
    """One transaction on the calling thread's connection."""
    sweep_batch = _sweep_batch_postgresql if connection.vendor == "postgresql" else _sweep_batch_orm
    with transaction.atomic():
        done = sweep_batch(batch, from_state=from_state, reason=reason, now=now)
        if done:
            _delete_dependents(done)
    return len(done)


def _sweep_in_worker(batch: IdRange, *, from_state: str, reason: str, now: datetime.datetime) -> int:
    """A worker thread's batch, on the thread's own connection, closed at the end."""
    try:
        return _sweep_one_batch(batch, from_state=from_state, reason=reason, now=now)
    finally:
        connections.close_all()


def _candidate_batches(from_state: str, *, batch_size: int):
    """The batches, as id ranges holding ``batch_size`` accounts in ``from_state`` each (the last
    one may hold fewer), read from the partial index on pending states: one short index scan per
    batch, no id list carried around. Which of these accounts go is decided by the batch's UPDATE."""
    pending = User._base_manager.filter(state=from_state).order_by("pk").values_list("pk", flat=True)
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


def _sweep_accounts(*, from_state: str, reason: str, now: datetime.datetime, batch_size: int) -> int:
    workers = sweep_workers()
    batches = _candidate_batches(from_state, batch_size=batch_size)
    if workers == 1 or connection.in_atomic_block:
        return sum(_sweep_one_batch(batch, from_state=from_state, reason=reason, now=now) for batch in batches)
    swept = 0
    pending: set[Future[int]] = set()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sweep") as executor:
        try:
            for batch in batches:
                # One batch formed ahead at most.
                while len(pending) > workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    swept += sum(future.result() for future in done)
                pending.add(
                    executor.submit(_sweep_in_worker, batch, from_state=from_state, reason=reason, now=now)
                )
            done, pending = wait(pending)
            swept += sum(future.result() for future in done)
        finally:
            for future in pending:
                future.cancel()
    return swept


# --- Expired locks, links, PDFs ----------------------------------------------------------------


def _delete_in_batches(queryset, *, batch_size: int) -> int:
    deleted = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        queryset.model._base_manager.filter(pk__in=ids).delete()
        deleted += len(ids)


def _delete_old_pdfs(now: datetime.datetime) -> int:
    from .letters import letter_batch_pdf_delete

    count = 0
    for batch in LetterBatch.objects.filter(pdf_deleted_at__isnull=True, pdf_expires_at__lte=now).exclude(pdf_path=""):
        letter_batch_pdf_delete(batch=batch)
        count += 1
    # Orphans (a batch whose COMMIT failed after the file was written): by age.
    directory = conf.letters_dir()
    if directory.is_dir():
        limit = time.time() - conf.pdf_retention().total_seconds()
        for path in directory.glob("*.pdf"):
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
    return count


def sweep_run(*, now: datetime.datetime | None = None, batch_size: int | None = None) -> dict[str, int]:
    """The daily sweep. Idempotent: a second run finds nothing more to sweep."""
    now = now or timezone.now()
    account_batch = batch_size or ACCOUNT_BATCH_SIZE
    row_batch = batch_size or conf.SWEEP_BATCH_SIZE
    return {
        "comptes_courrier_expire": _sweep_accounts(
            from_state=User.State.PROVISIONAL, reason=REASON_LETTER_EXPIRED, now=now, batch_size=account_batch
        ),
        "comptes_non_confirmes": _sweep_accounts(
            from_state=User.State.AWAITING_EMAIL, reason=REASON_EMAIL_NOT_CONFIRMED, now=now,
            batch_size=account_batch,
        ),
        "verrous_expires": _delete_in_batches(
            FirstConnectionLock.objects.filter(locked_until__lte=now), batch_size=row_batch
        ),
        "liens_expires": _delete_in_batches(
            EmailConfirmation.objects.filter(expires_at__lte=now), batch_size=row_batch
        ),
        "pdf_supprimes": _delete_old_pdfs(now),
        "messages_envoyes_purges": outbox_purge_sent(now=now),
    }


# --- Phase 2: the purge -------------------------------------------------------------------------


def _account_relations() -> list[Relation]:
    """Every relation pointing at User that a deletion must handle: (model holding the foreign key,
    its name, its ``on_delete``)."""
    relations: list[Relation] = []
    for related in get_candidate_relations_to_delete(User._meta):
        # Reverse relations, which django-stubs types as plain fields.
        assert isinstance(related, ForeignObjectRel)
        relations.append((related.field.model, related.field.name, related.on_delete))
    return relations


def _accounts_delete(ids: list[int]) -> None:
    """Deletes accounts by id, applying each relation's ``on_delete`` with one statement per table.

    Django's collector would load every account and build ``IN`` lists from model instances,
    which costs more than the deletion itself at this volume. Anything unusual (signals on User,
    SET_DEFAULT…), or a ``PROTECT`` relation that has rows, goes back to the ORM's delete, which
    knows every rule (and refuses with ``ProtectedError``).
    """
    relations = _account_relations()
    if (
        signals.pre_delete.has_listeners(User)
        or signals.post_delete.has_listeners(User)
        or any(on_delete not in (CASCADE, SET_NULL, DO_NOTHING, PROTECT) for _, _, on_delete in relations)
        or any(
            model._base_manager.filter(**{f"{field_name}__in": ids}).exists()
            for model, field_name, on_delete in relations
            if on_delete is PROTECT
        )
    ):
        User.objects.filter(pk__in=ids).delete()
        return
    for model, field_name, on_delete in _relations_with_rows(relations, ids):
        related = model._base_manager.filter(**{f"{field_name}__in": ids})
        if on_delete is CASCADE:
            related.delete()
        elif on_delete is SET_NULL:
            related.update(**{field_name: None})
    User.objects.filter(pk__in=ids)._raw_delete(User.objects.db)


def _purgeable(cutoff: datetime.datetime):
    """Swept accounts old enough, except those a PROTECT relation keeps (e.g. an account merge)."""
    queryset = _swept_accounts().filter(state_changed_at__lte=cutoff)
    for model, field_name, on_delete in _account_relations():
        if on_delete is PROTECT:
            queryset = queryset.exclude(Exists(model._base_manager.filter(**{field_name: OuterRef("pk")})))
    return queryset


def accounts_purge_expired(
    *,
    now: datetime.datetime | None = None,
    budget_seconds: float | None = None,
    batch_size: int = PURGE_BATCH_SIZE,
) -> int:
    """Deletes swept accounts for good, batch by batch, until none is left or the budget is spent.

    The budget is checked before each batch: a run lasts at most the budget plus one batch.
    Their audit records stay (``AuditEvent.actor`` is SET_NULL, the sweep's rows have no actor).
    """
    now = now or timezone.now()
    budget = purge_budget_seconds() if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    queryset = _purgeable(now - purge_delay())
    purged = 0
    last = 0
    while time.monotonic() < deadline:
        with transaction.atomic():
            ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            # The letters stay (activation dashboard), without account nor temporary password hash.
            Letter.objects.filter(account_id__in=ids).update(account=None, temp_password_hash="", swept_at=now)
            _accounts_delete(ids)
        purged += len(ids)
        last = ids[-1]
    if purged:
        audit_record(action="accounts.purged", details={"comptes": purged, "jusqu_au_compte": last})
    return purged
