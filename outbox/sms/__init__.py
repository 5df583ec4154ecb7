"""Sending SMS, like Django's mail backends: one setting (``SMS_BACKEND``) picks the backend.

* ``outbox.sms.backends.console.SmsBackend`` (default) prints the SMS;
* ``outbox.sms.backends.locmem.SmsBackend`` keeps them in ``outbox.sms.outbox`` (tests);
* ``outbox.sms.backends.http.SmsBackend`` posts them to the provider's JSON API.

Code never calls a backend directly: it writes an SMS into the outbox
(``outbox_enqueue(kind=SMS)``), whose worker calls ``send_sms``, retries on failure and never
sends a message twice.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.module_loading import import_string

from .. import conf
from .backends.base import BaseSmsBackend, SmsMessage, SmsPermanentError, SmsTemporaryError

# Filled by the locmem backend, like django.core.mail.outbox.
outbox: list[SmsMessage] = []

__all__ = [
    "BaseSmsBackend",
    "SmsMessage",
    "SmsPermanentError",
    "SmsTemporaryError",
    "get_sms_backend",
    "outbox",
    "send_sms",
]


def get_sms_backend(backend: str | None = None, **kwargs: Any) -> BaseSmsBackend:
    return import_string(backend or conf.sms_backend())(**kwargs)


def message_reference(*, to: str, body: str) -> str:
    """The provider's idempotency key: the same for every retry of one outbox message (same
    number, same text — which holds a one-time code or identifier), different between messages."""
    return hashlib.sha256(f"{to}\n{body}".encode()).hexdigest()[:40]


def send_sms(*, to: str, body: str) -> None:
    """Called by the outbox worker; an exception means "try again later"."""
    message = SmsMessage(
        to=to,
        text=body,
        sender=conf.sms_sender_name(),
        reference=message_reference(to=to, body=body),
    )
    get_sms_backend().send(message)
