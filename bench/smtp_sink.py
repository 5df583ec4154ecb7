#!/usr/bin/env python3
"""An SMTP server on loopback that accepts every mail and records its Message-ID (aiosmtpd).

    python3 bench/smtp_sink.py --port 2525 --log deliveries.log [--delay-ms 40]

Each accepted mail is one line of ``--log`` (``<Message-ID>\\t<recipient>\\t<time>``), written and
flushed *before* the 250 reply, as a real MTA queues a mail before accepting it, and kept even
if the client disconnects before reading that reply (as Postfix does): a line is a delivery. The file is appended to, so a restarted sink keeps counting. ``--delay-ms`` is the time
the sink takes per mail before it answers (a relay writing to its queue), which widens the window
between the end of DATA and the reply that a dying client can fall into.

SIGTERM stops it as an MTA stops: it stops listening, answers 421 to any new MAIL FROM, lets the
mails already being received finish (at most 10 s), then exits. SIGKILL is a crash.
"""

from __future__ import annotations

import argparse
import asyncio
import email.parser
import signal
import sys
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, log: Path, delay: float) -> None:
        self.log = log.open("a", encoding="utf-8", buffering=1)
        self.delay = delay
        self.closing = False
        self.in_transaction: set[int] = set()
        self.parser = email.parser.BytesHeaderParser()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        if self.closing:
            return "421 4.3.2 Arrêt du service, réessayez plus tard"
        self.in_transaction.add(id(session))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RSET(self, server, session, envelope):  # noqa: N802
        self.in_transaction.discard(id(session))
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        # Shielded: once the final dot is read the mail is queued, even if the client goes away
        # before the reply, as Postfix's smtpd does (it learns of the disconnect only when it
        # writes its 250). aiosmtpd alone cancels the handler on a lost connection, i.e. drops
        # the mail: a server that does that is the residual case of docs/outbox.md.
        await asyncio.shield(self.queue(session, envelope))
        return "250 2.0.0 OK"

    async def queue(self, session, envelope) -> None:
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            headers = self.parser.parsebytes(envelope.original_content or envelope.content)
            message_id = (headers.get("Message-ID") or "<sans-message-id>").strip()
            for recipient in envelope.rcpt_tos:
                self.log.write(f"{message_id}\t{recipient}\t{time.time():.3f}\n")
            self.log.flush()
        finally:
            self.in_transaction.discard(id(session))


async def serve(host: str, port: int, sink: Sink) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.local", timeout=30), host=host, port=port
    )
    stopping = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    loop.add_signal_handler(signal.SIGINT, stopping.set)
    print(f"smtp sink listening on {host}:{port}", flush=True)
    await stopping.wait()
    sink.closing = True
    server.close()
    deadline = time.monotonic() + 10
    while sink.in_transaction and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # the last 250s go out
    print(f"smtp sink stopped ({len(sink.in_transaction)} transaction(s) cut)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True, help="fichier des remises (ajout)")
    parser.add_argument("--delay-ms", type=float, default=0, help="temps de traitement par mail")
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port, Sink(args.log, args.delay_ms / 1000)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
