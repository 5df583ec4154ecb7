"""Django's SMTP backend with a hand-over point: the outbox learns when a mail's end is written.

An SMTP server takes a message when it reads the line ``.`` that ends DATA; until then, a client
that goes away (closed connection, killed process) leaves it nothing to deliver. Once that line is
written, the message is the server's even if the client dies before reading the reply: the kernel
still sends what the process wrote. So ``data()`` below writes the message, calls
``on_hand_over`` (the outbox records "handed over", conditionally on still owning the row), and
only then writes the terminator. If the callback refuses, the connection is dropped without the
terminator and the server discards what it got.

A reply that never comes after the terminator (connection lost, timeout) raises
``DeliveryUnconfirmed``: the server may well have the message, and SMTP offers no way to ask.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable
from typing import Any

from django.core.mail.backends import smtp

from .errors import DeliveryUnconfirmed

CRLF = b"\r\n"
LEADING_DOT = re.compile(rb"(?m)^\.")


class _HandOver:
    on_hand_over: Callable[[], None] | None = None

    def data(self, msg: Any) -> tuple[int, bytes]:
        smtp_self: smtplib.SMTP = self  # type: ignore[assignment]
        smtp_self.putcmd("data")
        code, reply = smtp_self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = re.sub(r"(?:\r\n|\n|\r(?!\n))", "\r\n", msg).encode("ascii")
        body = LEADING_DOT.sub(b"..", msg)
        if body[-2:] != CRLF:
            body += CRLF
        smtp_self.send(body)
        if self.on_hand_over is not None:
            try:
                self.on_hand_over()
            except BaseException:
                # No terminator: the server throws the partial message away.
                smtp_self.close()
                raise
        smtp_self.send(b"." + CRLF)
        try:
            return smtp_self.getreply()
        except smtplib.SMTPServerDisconnected as exc:
            raise DeliveryUnconfirmed(str(exc)) from exc


class HandOverSMTP(_HandOver, smtplib.SMTP):
    pass


class HandOverSMTPSSL(_HandOver, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """``django.core.mail.backends.smtp.EmailBackend`` (same settings) plus ``on_hand_over``.
    The outbox uses it whenever ``EMAIL_BACKEND`` names Django's SMTP backend."""

    def __init__(self, *args: Any, on_hand_over: Callable[[], None] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.on_hand_over = on_hand_over

    @property
    def connection_class(self):  # type: ignore[no-untyped-def]
        return HandOverSMTPSSL if self.use_ssl else HandOverSMTP

    def open(self) -> bool | None:
        opened = super().open()
        if self.connection is not None:
            self.connection.on_hand_over = self.on_hand_over
        return opened
