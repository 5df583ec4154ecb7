"""What the daily sweep erases of activation, and why accounts never activated expire.

* Accounts (``accounts.lifecycle.retention`` does the sweeping, these rules say which ones): a
  provisional account whose letters all expired (3 months) without a first connection; an account
  still awaiting its e-mail confirmation when the 3 months of the letter it used are over.
* First-connection locks once they are over; e-mail confirmation links once expired; batch PDFs
  after ``ACTIVATION_LETTER_PDF_HOURS`` (24 h), and orphan PDF files by age; SMS codes a day
  after they expired.
* When a swept account is purged, its letters stay for the activation dashboard, without account
  nor temporary password hash (``accounts_purging``).
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts.jobs import expired_pdfs
from accounts.lifecycle import ExpiryRule, accounts_sweep
from accounts.lifecycle.sql import column, table
from accounts.models import User
from core import retention
from core.private_files import private_files_older_delete

from .. import conf
from ..models import EmailConfirmation, FirstConnectionLock, Letter, LetterBatch, SmsCode

REASON_LETTER_EXPIRED = "letter_expired"
REASON_EMAIL_NOT_CONFIRMED = "email_not_confirmed"


def _expired_provisional(now: datetime.datetime) -> QuerySet[User]:
    """Provisional accounts that have letters, none of them still valid."""
    valid = Letter.objects.filter(account=OuterRef("pk"), expires_at__gt=now)
    any_letter = Letter.objects.filter(account=OuterRef("pk"))
    return (
        User.objects.filter(state=User.State.PROVISIONAL)
        .filter(Exists(any_letter))
        .exclude(Exists(valid))
    )


def _unconfirmed_past_deadline(now: datetime.datetime) -> QuerySet[User]:
    """Accounts still awaiting their e-mail confirmation when the 3 months of the letter they used
    are over (of the last one, when a reissued letter was used too)."""
    used = Letter.objects.filter(account=OuterRef("pk"), used_at__isnull=False)
    return (
        User.objects.filter(state=User.State.AWAITING_EMAIL)
        .filter(Exists(used))
        .exclude(Exists(used.filter(expires_at__gt=now)))
    )


def _latest_expiry_sql(*, used_only: bool) -> str:
    """Tested on the row being updated (``u``), so that whatever changed since the batch was formed
    counts: a letter printed meanwhile keeps its account, an account that confirmed its address
    left ``awaiting_email`` (the state test of the sweep).

    Written as the latest expiry among the account's (used) letters: one backward probe of
    ``letter_account_expiry_idx`` per account, whatever the planner thinks of the batch's size
    (``EXISTS`` let it hash the whole letter table). No letter gives NULL: never swept."""
    letters, account = table(Letter), column(Letter, "account")
    expires, used = column(Letter, "expires_at"), column(Letter, "used_at")
    used_clause = f" AND l.{used} IS NOT NULL" if used_only else ""
    return (
        f"(SELECT max(l.{expires}) FROM {letters} l "  # noqa: S608 - names from _meta
        f"WHERE l.{account} = u.{column(User, 'id')}{used_clause}) <= %(now)s"
    )


def _letters_of_swept_sql() -> str:
    letter = Letter
    return (
        f"SELECT {column(letter, 'account')} AS account_id, "  # noqa: S608 - names from _meta
        f"array_agg({column(letter, 'id')} ORDER BY {column(letter, 'id')}) AS ids, "
        f"min({column(letter, 'establishment')}) AS establishment_id "
        f"FROM {table(letter)} WHERE {column(letter, 'account')} IN (SELECT id FROM swept) "
        f"GROUP BY {column(letter, 'account')}"
    )


def _letters_by_account(account_ids: list[int]) -> dict[int, tuple[list[int], int | None]]:
    found: dict[int, tuple[list[int], int | None]] = {}
    rows = Letter.objects.filter(account_id__in=account_ids).values_list(
        "pk", "account_id", "establishment_id"
    )
    for letter_id, account_id, establishment_id in rows:
        ids, known = found.get(account_id, ([], None))
        ids.append(letter_id)
        found[account_id] = (
            ids,
            establishment_id if known is None else min(known, establishment_id),
        )
    return found


LETTER_EXPIRED = ExpiryRule(
    reason=REASON_LETTER_EXPIRED,
    label="Courrier de notification expiré sans première connexion (3 mois)",
    from_state=User.State.PROVISIONAL,
    condition_sql=lambda: _latest_expiry_sql(used_only=False),
    evidence_sql=_letters_of_swept_sql,
    candidates=_expired_provisional,
    evidence=_letters_by_account,
)
EMAIL_NOT_CONFIRMED = ExpiryRule(
    reason=REASON_EMAIL_NOT_CONFIRMED,
    label="Adresse électronique non confirmée dans le délai de 3 mois",
    from_state=User.State.AWAITING_EMAIL,
    condition_sql=lambda: _latest_expiry_sql(used_only=True),
    evidence_sql=_letters_of_swept_sql,
    candidates=_unconfirmed_past_deadline,
    evidence=_letters_by_account,
)


def old_pdfs_delete(now: datetime.datetime) -> int:
    from .letters import letter_batch_pdf_delete

    count = 0
    for batch in expired_pdfs(LetterBatch, now):
        letter_batch_pdf_delete(batch=batch)
        count += 1
    # Orphans (a batch whose COMMIT failed after the file was written): by age.
    private_files_older_delete(conf.letters_dir(), conf.pdf_retention())
    return count


def letters_detach(
    sender: object, *, ids: list[int], now: datetime.datetime, **kwargs: object
) -> None:
    """Receiver of ``accounts_purging``: the letters stay (activation dashboard), without account
    nor temporary password hash."""
    Letter.objects.filter(account_id__in=ids).update(
        account=None, temp_password_hash="", swept_at=now
    )


RULES = [
    retention.RetentionRule(
        key="comptes_courrier_expire",
        description="Comptes provisoires dont tous les courriers ont expiré (3 mois) sans première "
        "connexion : vidés le lendemain, supprimés ensuite par la purge.",
        run=lambda now: accounts_sweep(rule=LETTER_EXPIRED, now=now),
        order=10,
    ),
    retention.RetentionRule(
        key="comptes_non_confirmes",
        description="Comptes dont l'adresse électronique n'est pas confirmée à la fin des 3 mois du "
        "courrier : vidés, puis supprimés par la purge.",
        run=lambda now: accounts_sweep(rule=EMAIL_NOT_CONFIRMED, now=now),
        order=11,
    ),
    retention.RetentionRule(
        key="verrous_expires",
        description="Blocages de première connexion : supprimés une fois levés ; ceux d'un "
        "courrier encore valable sont gardés jusqu'à la fin du courrier (ils comptent pour le "
        "blocage durable après 3 blocages).",
        run=lambda now: retention.delete_in_batches(
            FirstConnectionLock.objects.filter(locked_until__lte=now).exclude(
                reason=FirstConnectionLock.Reason.ACCOUNT, letter__in=Letter.objects.live(now)
            )
        ),
        order=20,
    ),
    retention.RetentionRule(
        key="liens_expires",
        description="Liens de confirmation de l'adresse électronique : supprimés à leur expiration (7 jours).",
        run=lambda now: retention.delete_in_batches(
            EmailConfirmation.objects.filter(expires_at__lte=now)
        ),
        order=21,
    ),
    retention.RetentionRule(
        key="pdf_supprimes",
        description="PDF des lots de courriers (seuls à contenir les mots de passe provisoires) : "
        "supprimés 24 heures après leur génération.",
        run=old_pdfs_delete,
        order=22,
    ),
    retention.RetentionRule(
        key="codes_sms_expires",
        description="Codes SMS (création de compte, mot de passe oublié) : supprimés un jour après "
        "leur expiration (valables 10 minutes).",
        run=lambda now: retention.delete_in_batches(
            SmsCode.objects.filter(expires_at__lt=now - conf.SMS_CODE_KEEP)
        ),
        order=30,
    ),
]
