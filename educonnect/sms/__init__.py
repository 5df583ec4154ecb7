"""Sending SMS, like Django's mail backends: one setting (``SMS_BACKEND``) picks the backend.

* ``educonnect.sms.backends.console.SmsBackend`` (default) prints the SMS;
* ``educonnect.sms.backends.locmem.SmsBackend`` keeps them in ``educonnect.sms.outbox`` (tests);
* ``educonnect.sms.backends.http.SmsBackend`` posts them to the provider's JSON API.

Code never calls a backend directly: it writes an SMS into the teleservices outbox
(``outbox_enqueue(kind=SMS)``), whose worker calls ``send_sms`` (``CARTABLE_SMS_SENDER``), retries
on failure and never sends a message twice.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.module_loading import import_string

from .backends.base import BaseSmsBackend, SmsMessage, SmsPermanentError, SmsTemporaryError

DEFAULT_BACKEND = "educonnect.sms.backends.console.SmsBackend"

# Filled by the locmem backend, like django.core.mail.outbox.
outbox: list[SmsMessage] = []

__all__ = [
    "BaseSmsBackend", "SmsMessage", "SmsPermanentError", "SmsTemporaryError", "get_sms_backend", "outbox",
    "send_sms",
]


def get_sms_backend(backend: str | None = None, **kwargs) -> BaseSmsBackend:
    return import_string(backend or getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))(**kwargs)


def message_reference(*, to: str, body: str) -> str:
    """The provider's idempotency key: the same for every retry of one outbox message (same
    number, same text — which holds a one-time code or identifier), different between messages."""
    return hashlib.sha256(f"{to}\n{body}".encode()).hexdigest()[:40]


def send_sms(*, to: str, body: str) -> None:
    """``CARTABLE_SMS_SENDER``: called by the outbox worker; an exception means "try again later"."""
    message = SmsMessage(
        to=to, text=body, sender=getattr(settings, "SMS_SENDER_NAME", "EduConnect"),
        reference=message_reference(to=to, body=body),
    )
    get_sms_backend().send(message)
