"""Prints each SMS on standard output: the development default."""

from __future__ import annotations

import sys
import threading
from typing import Any, TextIO

from .base import BaseSmsBackend, SmsMessage


class SmsBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def __init__(self, *, stream: TextIO | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout

    def send(self, message: SmsMessage) -> None:
        with self._lock:
            self.stream.write(
                f"--- SMS de {message.sender} à {message.to} (réf. {message.reference}) ---\n{message.text}\n"
                + "-" * 60
                + "\n"
            )
            self.stream.flush()
