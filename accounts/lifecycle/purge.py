"""Phase 2 of the sweep: the swept accounts' rows deleted for good, in the background.

``accounts_purge_expired`` (beat, every 10 minutes) deletes swept accounts in batches, within a
time budget per run; the roster records pointing at them are set to NULL then. Deleting an
``accounts_user`` row costs PostgreSQL one foreign-key check per table that references it (~20 of
them), which is why it is not done in the daily sweep itself: the sweep is an ``UPDATE`` (no
foreign-key check), the purge trickles behind. Apps whose rows must change before their account
goes (the letters keep a trace for the activation dashboard) listen to ``accounts_purging``.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import (
    CASCADE,
    DO_NOTHING,
    PROTECT,
    SET_NULL,
    Exists,
    Model,
    OuterRef,
    QuerySet,
    signals,
)
from django.db.models.deletion import get_candidate_relations_to_delete
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.dispatch import Signal
from django.utils import timezone

from .. import conf
from ..audit import AuditAction, audit_record
from ..models import User
from .sql import column, table

# A swept account's username: '#' is refused by Django's username validator, so no real
# identifier ever looks like this, and the purge knows the accounts the sweep emptied (an account
# an administrator set to "expired" by hand keeps its data and is never purged).
SWEPT_USERNAME_PREFIX = "#balaye-"

#: Sent inside the purge's transaction, before a batch of accounts is deleted: ``ids``, ``now``.
accounts_purging = Signal()

Relation = tuple[
    type[Model], str, Callable[..., None]
]  # model holding the key, its name, on_delete


def swept_accounts() -> QuerySet[User]:
    return User._base_manager.filter(
        state=User.State.EXPIRED, username__startswith=SWEPT_USERNAME_PREFIX
    )


def account_relations() -> list[Relation]:
    """Every relation pointing at User that a deletion must handle: (model holding the foreign key,
    its name, its ``on_delete``)."""
    relations: list[Relation] = []
    for related in get_candidate_relations_to_delete(User._meta):
        # Reverse relations, which django-stubs types as plain fields.
        assert isinstance(related, ForeignObjectRel)
        relations.append((related.field.model, related.field.name, related.on_delete))
    return relations


def relations_with_rows(relations: list[Relation], ids: list[int]) -> list[Relation]:
    """The relations that may hold rows for these accounts (``ids`` sorted): one query for all.

    Nearly always few of them (a swept account has no e-mail address, token nor lock), so a
    batch costs one short query here instead of one statement per table. The probe looks at the
    batch's id range (an index range scan, whatever the batch size); a table with rows of other
    accounts of that range only costs an exact statement that finds nothing.
    """
    if connection.vendor != "postgresql" or not relations:
        return relations
    probes = ", ".join(
        f"EXISTS (SELECT 1 FROM {table(model)} WHERE {column(model, field)} BETWEEN %(low)s AND %(high)s)"  # noqa: S608
        for model, field, _ in relations
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {probes}", {"low": ids[0], "high": ids[-1]})  # noqa: S608 - names from _meta
        found = cursor.fetchone()
    return [relation for relation, has_rows in zip(relations, found, strict=True) if has_rows]


def delete_dependents(ids: list[int]) -> None:
    """Rows that only exist for the swept accounts (e-mail addresses, FranceConnect link, tokens,
    locks…): deleted now, with the ORM (it follows their own relations)."""
    cascading = [relation for relation in account_relations() if relation[2] is CASCADE]
    for model, field_name, _ in relations_with_rows(cascading, ids):
        model._base_manager.filter(**{f"{field_name}__in": ids}).delete()


def _accounts_delete(ids: list[int]) -> None:
    """Deletes accounts by id, applying each relation's ``on_delete`` with one statement per table.

    Django's collector would load every account and build ``IN`` lists from model instances,
    which costs more than the deletion itself at this volume. Anything unusual (signals on User,
    SET_DEFAULT…), or a ``PROTECT`` relation that has rows, goes back to the ORM's delete, which
    knows every rule (and refuses with ``ProtectedError``).
    """
    relations = account_relations()
    if (
        signals.pre_delete.has_listeners(User)
        or signals.post_delete.has_listeners(User)
        or any(
            on_delete not in (CASCADE, SET_NULL, DO_NOTHING, PROTECT)
            for _, _, on_delete in relations
        )
        or any(
            model._base_manager.filter(**{f"{field_name}__in": ids}).exists()
            for model, field_name, on_delete in relations
            if on_delete is PROTECT
        )
    ):
        User.objects.filter(pk__in=ids).delete()
        return
    for model, field_name, on_delete in relations_with_rows(relations, ids):
        related = model._base_manager.filter(**{f"{field_name}__in": ids})
        if on_delete is CASCADE:
            related.delete()
        elif on_delete is SET_NULL:
            related.update(**{field_name: None})
    User.objects.filter(pk__in=ids)._raw_delete(User.objects.db)


def _purgeable(cutoff: datetime.datetime) -> QuerySet[User]:
    """Swept accounts old enough, except those a PROTECT relation keeps (e.g. an account merge)."""
    queryset = swept_accounts().filter(state_changed_at__lte=cutoff)
    for model, field_name, on_delete in account_relations():
        if on_delete is PROTECT:
            queryset = queryset.exclude(
                Exists(model._base_manager.filter(**{field_name: OuterRef("pk")}))
            )
    return queryset


def accounts_purge_expired(
    *,
    now: datetime.datetime | None = None,
    budget_seconds: float | None = None,
    batch_size: int = conf.PURGE_BATCH_SIZE,
) -> int:
    """Deletes swept accounts for good, batch by batch, until none is left or the budget is spent.

    The budget is checked before each batch: a run lasts at most the budget plus one batch.
    Their audit records stay (``AuditEvent.actor`` is SET_NULL, the sweep's rows have no actor).
    """
    now = now or timezone.now()
    budget = conf.purge_budget_seconds() if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    queryset = _purgeable(now - conf.purge_delay())
    purged = 0
    last = 0
    while time.monotonic() < deadline:
        with transaction.atomic():
            ids = list(
                queryset.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            accounts_purging.send(sender=User, ids=ids, now=now)
            _accounts_delete(ids)
        purged += len(ids)
        last = ids[-1]
    if purged:
        audit_record(
            action=AuditAction.ACCOUNTS_PURGED, details={"comptes": purged, "jusqu_au_compte": last}
        )
    return purged
