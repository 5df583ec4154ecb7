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
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cartable_bench_messagerie"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    cpu_ns,
    family_cookie,
    gunicorn,
    parse_wrk,
    percentile,
    report,
    setup_django,
    worker_pids,
    wrk_or_exit,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
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

    wrk = wrk_or_exit()
    with gunicorn(workers=WORKERS, threads=THREADS, worker_class="gthread") as (base_url, master):
        cookie = family_cookie(
            base_url, identifier, INBOX, expect="Message n°", what="la boîte de réception"
        )
        command = [wrk, "--latency", "-t2", f"-c{CONNECTIONS}", "-H", f"Cookie: {cookie}"]
        subprocess.run([*command, "-d3s", base_url + INBOX], capture_output=True, check=True)
        time.sleep(1)
        workers = worker_pids(master.pid)
        load_before = os.getloadavg()
        cpu_before = sum(cpu_ns(pid) for pid in workers)
        result = subprocess.run(
            [*command, f"-d{DURATION_S}s", base_url + INBOX],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        cpu_used = sum(cpu_ns(pid) for pid in workers) - cpu_before
        load_after = os.getloadavg()
    figures = parse_wrk(result.stdout)
    requests = figures["requests_per_s"] * DURATION_S
    print(
        f"gunicorn gthread: {WORKERS} workers × {THREADS} threads, wrk connections: "
        f"{CONNECTIONS}, duration: {DURATION_S} s; load average before {load_before[0]:.2f}, "
        f"after {load_after[0]:.2f} (1 min) on {os.cpu_count()} cores"
    )
    report("inbox_requests_per_s", figures["requests_per_s"], "req/s")
    report("inbox_latency_ms_p50", figures.get("p50_ms", 0), "ms")
    report("inbox_latency_ms_p99", figures.get("p99_ms", 0), "ms")
    report("inbox_server_cpu_ms_per_request", cpu_used / 1e6 / max(1, requests), "ms")
    if figures["non_2xx"]:
        print(f"non-2xx responses: {figures['non_2xx']:.0f}")
        sys.exit(1)


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
