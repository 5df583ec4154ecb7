"""The outbox: every mail or SMS is a row written in the caller's transaction, sent after commit.

* ``outbox_enqueue`` records the message (idempotent on its key) and queues the send task only
  once the transaction commits, so a rolled-back change never sends anything.
  ``outbox_enqueue_mail`` does the same for a mail rendered from ``<template>_subject.txt`` and
  ``<template>_message.txt``.
* ``outbox_deliver`` claims the row with a conditional UPDATE (pending → sending): two workers
  handed the same id cannot both send it.
* A failure puts the row back to pending with an exponential backoff; ``outbox_flush`` (Celery
  beat, every minute) re-queues due rows, so a task lost by the broker is not a lost message.
* A message that fails for good, or whose secret expires before it could be sent (``expires_at``),
  is marked failed and its content erased at once: a reset link or a letter's temporary password
  never stays readable in the database, nor is delivered after its normal life. Failed rows are
  deleted ``OUTBOX_KEEP_FAILED`` after their creation, sent ones ``OUTBOX_KEEP_SENT`` after sending.
* Exactly once across a dead worker (docs/outbox.md): a mail goes "sending" → "handed over" at
  the instant its last line is written to the SMTP server (outbox.mail), by an UPDATE conditional
  on this attempt still owning the row; then "sent" on the server's 250. A worker that dies
  before the hand-over left the server nothing: after ``OUTBOX_STALE_CLAIM`` the flush releases
  the row and it is sent again. One that dies after it left the server the whole message: the
  flush marks it sent ("accusé non reçu"), never writes it twice. A worker that was only slow and
  lost its claim finds the row no longer its own at the hand-over and drops the connection before
  the last line. The stable Message-ID lets a receiving side recognise any duplicate anyway.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from . import conf
from .errors import ClaimLost, DeliveryUnconfirmed, PermanentDeliveryError
from .models import OutboxMessage
from .sms import send_sms

__all__ = [
    "DeliveryResult",
    "PermanentDeliveryError",
    "attachment",
    "outbox_deliver",
    "outbox_due_ids",
    "outbox_enqueue",
    "outbox_enqueue_mail",
    "outbox_message_id",
    "outbox_purge",
]

logger = logging.getLogger(__name__)

ERASED_BODY = "[contenu effacé après envoi : il contenait des informations de connexion]"
ERASED_FAILED_BODY = (
    "[contenu effacé : envoi abandonné, il contenait des informations de connexion]"
)
EXPIRED_ERROR = "Périmé avant d'avoir pu être envoyé : contenu effacé."
UNCONFIRMED_NOTE = (
    "Remis au serveur de messagerie, sa réponse n'a pas été reçue ({reason}) : "
    "compté comme envoyé, jamais renvoyé."
)


def outbox_enqueue(
    *,
    idempotency_key: str,
    to: str,
    body: str,
    subject: str = "",
    kind: str = OutboxMessage.Kind.MAIL,
    html_body: str = "",
    from_address: str = "",
    attachments: list[dict] | None = None,
    expires_at: datetime.datetime | None = None,
) -> OutboxMessage:
    """Records a message inside the current transaction; sending starts after commit.
    ``expires_at``: when the secret it carries dies (not sent after that)."""
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "kind": kind,
            "to": to,
            "subject": subject,
            "body": body,
            "html_body": html_body,
            "from_address": from_address,
            "attachments": attachments or [],
            "expires_at": expires_at,
        },
    )
    if created:
        message_id = message.pk
        transaction.on_commit(lambda: _queue_send(message_id))
    return message


def outbox_enqueue_mail(
    *, idempotency_key: str, to: str, template: str, context: dict, **extra: Any
) -> OutboxMessage:
    """Renders ``<template>_subject.txt`` (stripped) and ``<template>_message.txt`` with ``context``
    and records the mail; ``extra`` goes to ``outbox_enqueue`` (``from_address``, ``attachments``…)."""
    return outbox_enqueue(
        idempotency_key=idempotency_key,
        to=to,
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        body=render_to_string(f"{template}_message.txt", context),
        **extra,
    )


def attachment(name: str, content: bytes, mimetype: str) -> dict:
    return {
        "name": name,
        "mimetype": mimetype,
        "content": base64.b64encode(content).decode("ascii"),
    }


def _queue_send(message_id: int) -> None:
    from .tasks import send_outbox_message as send_outbox_message_task

    try:
        send_outbox_message_task.delay(message_id)
    except Exception:
        # Broker down: the row stays pending and the flush will queue it again.
        logger.exception("Impossible de mettre en file le message sortant %s", message_id)


@dataclass(frozen=True)
class DeliveryResult:
    sent: bool
    retry_in: int | None = None  # seconds, when the send failed and will be tried again


def backoff_seconds(attempts: int) -> int:
    """1 min, 2, 4, 8… capped at one hour, with a little jitter so retries do not bunch up."""
    base = min(60 * 2 ** max(attempts - 1, 0), int(conf.OUTBOX_MAX_BACKOFF.total_seconds()))
    return base + random.randint(0, max(base // 10, 1))  # noqa: S311 - jitter, not a secret


def outbox_message_id(idempotency_key: str) -> str:
    """The Message-ID of a mail: the same at every attempt, so a receiver can spot a duplicate."""
    key_digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    domain = conf.default_from_email().rsplit("@", 1)[-1].rstrip(">") or "cartable.local"
    return f"<outbox-{key_digest}@{domain}>"


def _send_mail(message: OutboxMessage, hand_over: Callable[[], None]) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_address or conf.default_from_email(),
        to=[message.to],
        headers={"Message-ID": outbox_message_id(message.idempotency_key)},
        # Django's SMTP backend becomes outbox.mail's, which calls hand_over before the last line.
        connection=get_connection(conf.mail_backend(), on_hand_over=hand_over),
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for item in message.attachments:
        email.attach(item["name"], base64.b64decode(item["content"]), item["mimetype"])
    email.send(fail_silently=False)


def _send_sms(message: OutboxMessage, hand_over: Callable[[], None]) -> None:
    # The SMS provider client: one backend, chosen by SMS_BACKEND (outbox.sms). A resend carries
    # the same reference, which the provider ignores the second time (docs/outbox.md).
    send_sms(to=message.to, body=message.body)


SENDERS: dict[str, Callable[[OutboxMessage, Callable[[], None]], None]] = {
    OutboxMessage.Kind.MAIL: _send_mail,
    OutboxMessage.Kind.SMS: _send_sms,
}


def outbox_deliver(*, message_id: int) -> DeliveryResult:
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return DeliveryResult(sent=False)  # already sent, being sent, or not due yet
    message = OutboxMessage.objects.get(pk=message_id)
    # This attempt's row: every later write is conditional on it, so a worker whose claim was
    # released (and maybe taken by another) changes nothing.
    mine = OutboxMessage.objects.filter(pk=message_id, attempts=message.attempts)
    if message.expires_at is not None and message.expires_at <= now:
        _fail(mine, error=EXPIRED_ERROR)
        return DeliveryResult(sent=False)

    def hand_over() -> None:
        if not mine.filter(status=OutboxMessage.Status.SENDING).update(
            status=OutboxMessage.Status.HANDED_OVER
        ):
            raise ClaimLost

    try:
        SENDERS[message.kind](message, hand_over)
    except ClaimLost:
        logger.warning("Message sortant %s repris par un autre envoi : abandonné ici", message_id)
        return DeliveryResult(sent=False)
    except DeliveryUnconfirmed as exc:
        # The whole message was written: writing it again could deliver it twice.
        _mark_sent(mine, note=UNCONFIRMED_NOTE.format(reason=str(exc)[:200] or "connexion perdue"))
        logger.warning("Message sortant %s remis sans réponse du serveur : %s", message_id, exc)
        return DeliveryResult(sent=True)
    except Exception as exc:  # noqa: BLE001 - whatever the provider raised, the message is retried or failed
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, PermanentDeliveryError) or message.attempts >= conf.OUTBOX_MAX_ATTEMPTS:
            _fail(mine, error=error)
            logger.error(
                "Message sortant %s abandonné après %s essais : %s",
                message_id,
                message.attempts,
                error,
            )
            return DeliveryResult(sent=False)
        delay = backoff_seconds(message.attempts)
        mine.update(
            status=OutboxMessage.Status.PENDING,
            last_error=error,
            claimed_at=None,
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
        )
        logger.warning(
            "Envoi du message sortant %s échoué (%s), nouvel essai dans %s s",
            message_id,
            error,
            delay,
        )
        return DeliveryResult(sent=False, retry_in=delay)
    _mark_sent(mine)
    return DeliveryResult(sent=True)


def _mark_sent(rows, *, note: str = "", now: datetime.datetime | None = None) -> int:  # type: ignore[no-untyped-def]
    """Sent: the content held a temporary password or a confirmation link, so it is not kept."""
    return int(
        rows.update(
            status=OutboxMessage.Status.SENT,
            sent_at=now or timezone.now(),
            claimed_at=None,
            last_error=note,
            body=ERASED_BODY,
            html_body="",
            attachments=[],
        )
    )


def _fail(rows, *, error: str) -> int:  # type: ignore[no-untyped-def]
    """Failed for good: the content (a link, a code, a letter's password) is erased at once."""
    return int(
        rows.update(
            status=OutboxMessage.Status.FAILED,
            last_error=error,
            claimed_at=None,
            body=ERASED_FAILED_BODY,
            html_body="",
            attachments=[],
        )
    )


def outbox_due_ids(*, now: datetime.datetime | None = None, limit: int = 500) -> list[int]:
    """Pending rows that are due, after resolving the claims abandoned by a dead worker (released
    if it died before handing the mail over, sent if after) and failing the rows whose secret
    expired while they waited."""
    now = now or timezone.now()
    _fail(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, expires_at__lte=now),
        error=EXPIRED_ERROR,
    )
    stale = now - conf.OUTBOX_STALE_CLAIM
    # Abandoned before the hand-over: the server was left an unfinished message, which it
    # discards; sending again cannot duplicate it.
    OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale).update(
        status=OutboxMessage.Status.PENDING, claimed_at=None
    )
    # Abandoned after it: the server has the whole message (what a dying process wrote still goes
    # out); only its reply was lost. Sending again would deliver it twice.
    _mark_sent(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.HANDED_OVER, claimed_at__lt=stale),
        note=UNCONFIRMED_NOTE.format(reason="envoi interrompu après la remise"),
        now=now,
    )
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_purge(*, now: datetime.datetime | None = None) -> int:
    """Sent rows ``OUTBOX_KEEP_SENT`` after sending, failed ones ``OUTBOX_KEEP_FAILED`` after their
    creation (long enough for the secretariat to see what did not go out)."""
    now = now or timezone.now()
    deleted, _ = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.SENT, sent_at__lt=now - conf.OUTBOX_KEEP_SENT)
        | Q(status=OutboxMessage.Status.FAILED, created_at__lt=now - conf.OUTBOX_KEEP_FAILED)
    ).delete()
    return deleted
