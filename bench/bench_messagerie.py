#!/usr/bin/env python3
"""Mes courriels: the school-wide send and the inbox page under load.

* Server time of sending one message to every parent of a 600-pupil collège (~1,000 accounts):
  one transaction of bulk inserts (``messagerie.services.message_send``), measured in-process on
  PostgreSQL. Target < 1 s.
* A mailbox of 10,000 messages: SQL queries of its first page, server time per request measured
  in-process (Django test client, no load), then requests/s and p50/p99 under concurrent load
  against a real gunicorn (gthread, production settings, Redis sessions) driven by ``wrk`` on the
  same cores, with the workers' CPU time per request and the load average before and after.
  Targets: ≥ 300 req/s, p99 < 50 ms on 2 cores.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cartable_bench_messagerie"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    page_under_load,
    percentile,
    report,
    setup_django,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "20"))
MAILBOX_SIZE = 10_000
INBOX = "/courriels/"


def direction_account():
    from django.contrib.auth.hashers import make_password

    from accounts.models import Establishment, StaffMember, User
    from bench.fixtures import BENCH_PASSWORD, BENCH_UAI

    establishment = Establishment.objects.get(uai=BENCH_UAI)
    member = StaffMember.objects.filter(
        establishment=establishment, function=StaffMember.Function.MANAGEMENT
    ).first()
    if member is None:
        member = StaffMember.objects.create(
            establishment=establishment, sts_id="bench-dir", last_name="PRINCIPAL",
            first_name="Banc", function=StaffMember.Function.MANAGEMENT,
        )  # fmt: skip
    if member.account is None:
        member.account = User.objects.create(
            username="bench.principal", first_name="Banc", last_name="PRINCIPAL",
            profile=User.Profile.PERSONNEL, establishment=establishment,
            password=make_password(BENCH_PASSWORD), state=User.State.ACTIVE,
        )  # fmt: skip
        member.save(update_fields=["account"])
    return member.account, establishment


def school_wide_send() -> None:
    from accounts.models import User
    from accounts.school import school_role
    from messagerie.rules import reach
    from messagerie.services import draft_save, message_send, recipients_resolve

    author, establishment = direction_account()
    # Every guardian account is reachable (provisional ones read it once activated).
    User.objects.filter(guardian_records__establishment=establishment).update(is_active=True)
    groups = [f"parents:{establishment.pk}"]
    count = len(
        recipients_resolve(
            sender_reach=reach(school_role(author)), user_ids=[], group_keys=groups
        ).recipient_ids
    )
    timings, cpu = [], []
    for run in range(5):
        draft = draft_save(
            author=author, draft=None, subject=f"Rentrée {run}", text="Bonne rentrée à tous.",
            user_ids=[], group_keys=groups,
        )  # fmt: skip
        started, cpu_started = time.perf_counter(), time.process_time()
        message_send(
            author=author, draft=draft, user_ids=[], group_keys=groups, confirmed_count=count
        )
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    print(
        f"school-wide send: {count} recipients, 5 runs: {', '.join(f'{t:.0f}' for t in timings)} ms"
    )
    report("mail_school_wide_send_recipients", count, "accounts")
    report("mail_school_wide_send_ms_median", statistics.median(timings), "ms")
    report("mail_school_wide_send_ms_max", max(timings), "ms")
    # The Python side only (PostgreSQL's own CPU is not counted): what contention cannot inflate.
    report("mail_school_wide_send_python_cpu_ms_median", statistics.median(cpu), "ms")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


def filled_mailbox(identifier: str) -> None:
    from django.utils import timezone

    from accounts.models import User
    from messagerie.models import Delivery, Message

    owner = User.objects.get(username=identifier)
    have = Delivery.objects.filter(owner=owner).count()
    if have >= MAILBOX_SIZE:
        return
    author, establishment = direction_account()
    now = timezone.now()
    missing = MAILBOX_SIZE - have
    messages = Message.objects.bulk_create(
        [
            Message(
                establishment=establishment, sender=author, sender_label="Banc PRINCIPAL",
                recipients_label=f"{owner.first_name} {owner.last_name}", recipient_count=1,
                subject=f"Message n° {i}", body=f"<p>Texte du message {i}.</p>",
                search_text=f"message n° {i} texte banc principal", sent_at=now,
            )
            for i in range(missing)
        ],
        batch_size=2000,
    )  # fmt: skip
    Delivery.objects.bulk_create(
        [
            Delivery(
                owner=owner, message=m, folder="inbox", origin="inbox", is_read=i % 3 != 0,
                date=now - timezone.timedelta(minutes=i),
            )
            for i, m in enumerate(messages)
        ],
        batch_size=2000,
    )  # fmt: skip


def in_process(identifier: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.fixtures import BENCH_PASSWORD

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=identifier, password=BENCH_PASSWORD)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INBOX)
    assert response.status_code == 200 and "Message n°" in response.content.decode()
    report("queries_inbox_first_page", len(queries), "queries")
    older = re.search(r"avant=([0-9-]+)", response.content.decode()).group(1)
    with CaptureQueriesContext(connection) as queries:
        client.get(INBOX, {"avant": older})
    report("queries_inbox_second_page", len(queries), "queries")
    timings = []
    for _ in range(300):
        started = time.perf_counter()
        client.get(INBOX)
        timings.append((time.perf_counter() - started) * 1000)
    report("inbox_server_ms_mean_unloaded", statistics.mean(timings), "ms")
    report("inbox_server_ms_p99_unloaded", percentile(timings, 0.99), "ms")


def under_load(identifier: str) -> None:
    page_under_load(
        "inbox",
        identifier=identifier,
        path=INBOX,
        expect="Message n°",
        what="la boîte de réception",
        workers=WORKERS,
        threads=THREADS,
        connections=CONNECTIONS,
        duration_s=DURATION_S,
    )


def main() -> None:
    setup_django()
    from bench.fixtures import active_accounts, ensure_bench_college

    ensure_bench_college()
    (identifier,) = active_accounts("parent", 1)
    school_wide_send()
    filled_mailbox(identifier)
    in_process(identifier)
    under_load(identifier)


if __name__ == "__main__":
    main()
