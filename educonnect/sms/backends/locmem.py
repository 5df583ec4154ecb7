"""Keeps each SMS in ``educonnect.sms.outbox`` (a list), like Django's locmem mail backend."""

from __future__ import annotations

from .base import BaseSmsBackend, SmsMessage


class SmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        from educonnect import sms

        sms.outbox.append(message)
