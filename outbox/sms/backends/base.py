from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from outbox.errors import PermanentDeliveryError


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. "+33612345678"
    text: str
    sender: str = "EduConnect"
    reference: str = ""  # idempotency key: the provider drops a second message with the same one


class SmsTemporaryError(Exception):
    """The provider could not take the message now (5xx, timeout, network): try again later."""


class SmsPermanentError(PermanentDeliveryError):
    """The provider refused the message (4xx): sending it again would be refused again."""


class BaseSmsBackend:
    def __init__(self, **kwargs: Any) -> None:
        pass

    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError
