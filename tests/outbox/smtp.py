"""A real SMTP server on loopback for the outbox tests (aiosmtpd)."""

import socket
import threading


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    def __init__(self, fail_first: int = 0) -> None:
        self.messages = []
        self.fail_first = fail_first
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        with self.lock:
            if self.fail_first:
                self.fail_first -= 1
                return "451 4.3.0 Réessayez plus tard"
            self.messages.append(envelope)
        return "250 OK"
