"""The daily sweep (Celery beat): expired letters, unconfirmed accounts, stale locks, tokens, PDFs.

Set-based and batched: ids are read by keyset pagination (``pk > last``) on indexed columns, and
each batch is one transaction of a fixed number of statements, whatever the batch size. Memory
stays flat because only one batch of ids is held at a time. Identifiers stay reserved
(``ReservedIdentifier`` is not touched): a swept account's identifier is never handed out again.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict

from django.db import transaction
from django.db.models import CASCADE, DO_NOTHING, SET_NULL, Exists, OuterRef, signals
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone

from accounts.models import AuditEvent, User

from .. import conf
from ..models import EmailConfirmation, FirstConnectionLock, Letter, LetterBatch
from ..outbox import outbox_purge_sent

REASON_LETTER_EXPIRED = "letter_expired"
REASON_EMAIL_NOT_CONFIRMED = "email_not_confirmed"
REASON_LABELS = {
    REASON_LETTER_EXPIRED: "Courrier de notification expiré sans première connexion (3 mois)",
    REASON_EMAIL_NOT_CONFIRMED: "Adresse électronique non confirmée dans le délai de 3 mois",
}


def _expired_provisional(now: datetime.datetime):
    """Provisional accounts that have letters, none of them still valid."""
    valid = Letter.objects.filter(account=OuterRef("pk"), expires_at__gt=now)
    any_letter = Letter.objects.filter(account=OuterRef("pk"))
    return User.objects.filter(state=User.State.PROVISIONAL).filter(Exists(any_letter)).exclude(Exists(valid))


def _unconfirmed_past_deadline(now: datetime.datetime):
    """Accounts still awaiting their e-mail confirmation when their letter's 3 months are over."""
    used_and_expired = Letter.objects.filter(account=OuterRef("pk"), used_at__isnull=False, expires_at__lte=now)
    return User.objects.filter(state=User.State.AWAITING_EMAIL).filter(Exists(used_and_expired))


def _delete_accounts(ids: list[int], *, reason: str, now: datetime.datetime) -> None:
    """One batch: audit rows, letters detached (kept for the dashboard), accounts deleted."""
    letters_by_account: dict[int, list[int]] = defaultdict(list)
    establishment_by_account: dict[int, int] = {}
    for letter_id, account_id, establishment_id in Letter.objects.filter(account_id__in=ids).values_list(
        "pk", "account_id", "establishment_id"
    ):
        letters_by_account[account_id].append(letter_id)
        establishment_by_account[account_id] = establishment_id
    usernames = dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))
    # Written in bulk (not through audit_record, one INSERT per row) with the same fields.
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                created_at=now,
                actor=None,
                actor_label="système (balayage quotidien)",
                action="account.swept",
                establishment_id=establishment_by_account.get(account_id),
                target_type="accounts.user",
                target_id=str(account_id),
                target_label=usernames.get(account_id, ""),
                details={
                    "letters": sorted(letters_by_account.get(account_id, [])),
                    "reason": reason,
                    "reason_label": REASON_LABELS[reason],
                },
            )
            for account_id in ids
        ],
        batch_size=len(ids) or 1,
    )
    Letter.objects.filter(account_id__in=ids).update(account=None, swept_at=now, temp_password_hash="")
    _accounts_delete(ids)


def _account_relations() -> list[tuple[type, str, object]]:
    return [
        (related.related_model, related.field.name, related.field.remote_field.on_delete)
        for related in get_candidate_relations_to_delete(User._meta)
    ]


def _accounts_delete(ids: list[int]) -> None:
    """Deletes accounts by id, applying each relation's ``on_delete`` with one statement per table.

    Django's collector would load every account and build ``IN`` lists from model instances,
    which costs more than the deletion itself at this volume. Anything unusual (signals on User,
    PROTECT, SET_DEFAULT…) goes back to the ORM's delete, which knows every rule.
    """
    relations = _account_relations()
    if (
        signals.pre_delete.has_listeners(User)
        or signals.post_delete.has_listeners(User)
        or any(on_delete not in (CASCADE, SET_NULL, DO_NOTHING) for _, _, on_delete in relations)
    ):
        User.objects.filter(pk__in=ids).delete()
        return
    for model, field_name, on_delete in relations:
        related = model._base_manager.filter(**{f"{field_name}__in": ids})
        if on_delete is CASCADE:
            related.delete()
        elif on_delete is SET_NULL:
            related.update(**{field_name: None})
    User.objects.filter(pk__in=ids)._raw_delete(User.objects.db)


def _sweep_accounts(queryset, *, reason: str, now: datetime.datetime, batch_size: int) -> int:
    deleted = 0
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        with transaction.atomic():
            _delete_accounts(ids, reason=reason, now=now)
        deleted += len(ids)
        last = ids[-1]


def _delete_in_batches(queryset, *, batch_size: int) -> int:
    deleted = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        queryset.model.objects.filter(pk__in=ids).delete()
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
    now = now or timezone.now()
    batch_size = batch_size or conf.SWEEP_BATCH_SIZE
    report = {
        "comptes_courrier_expire": _sweep_accounts(
            _expired_provisional(now), reason=REASON_LETTER_EXPIRED, now=now, batch_size=batch_size
        ),
        "comptes_non_confirmes": _sweep_accounts(
            _unconfirmed_past_deadline(now), reason=REASON_EMAIL_NOT_CONFIRMED, now=now, batch_size=batch_size
        ),
        "verrous_expires": _delete_in_batches(
            FirstConnectionLock.objects.filter(locked_until__lte=now), batch_size=batch_size
        ),
        "liens_expires": _delete_in_batches(
            EmailConfirmation.objects.filter(expires_at__lte=now), batch_size=batch_size
        ),
        "pdf_supprimes": _delete_old_pdfs(now),
        "messages_envoyes_purges": outbox_purge_sent(now=now),
    }
    return report
