"""Keeps each SMS in ``outbox.sms.outbox`` (a list), like Django's locmem mail backend."""

from __future__ import annotations

from .base import BaseSmsBackend, SmsMessage


class SmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        from outbox import sms

        sms.outbox.append(message)
