#!/usr/bin/env python3
"""Fault drill: every mail delivered exactly once while the worker, Redis and SMTP fall over.

    python3 dev.py bench faults [--letters 250] [--resets 250] [--sink-delay-ms 40]
                                [--redis-port 6390] [--timeout 900]

Starts, all its own, on loopback: a Redis (``--redis-port``, no persistence, like this machine's;
refused if the port is taken), an SMTP sink (bench/smtp_sink.py, one line per accepted mail), a
real Celery worker (prefork, concurrency 2, as docker-compose.yml) and a Celery beat (the outbox
flush every minute). PostgreSQL is the bench database. Then, through the real services:

* a letter batch (``letter_batch_create`` with "send by e-mail", run by the worker's task) for
  enough pupils to mail about ``--letters`` guardians, each mail with its PDF letter;
* ``--resets`` "mot de passe oublié" requests (``password_reset_request``, by e-mail, each from
  its own address), whose task on the worker writes each reset link into the outbox.

While the mails go out: kill -9 the worker (its whole process group), restart it; stop Redis
(every queued task lost), restart it; stop the SMTP sink (SIGTERM), restart it. Then waits until
no outbox row is left to send and counts, per Message-ID, what the sink accepted. Exits 1 unless
every message was delivered exactly once.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, free_port, machine  # noqa: E402


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not port_in_use(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"rien n'écoute sur {port}")
        time.sleep(0.1)


class Drill:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.redis_port = args.redis_port
        self.smtp_port = free_port()
        self.deliveries = work / "deliveries.log"
        self.deliveries.touch()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
        os.environ.update(self.env)
        self.processes: dict[str, subprocess.Popen] = {}
        self.started = time.monotonic()

    def log(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} s] {text}", flush=True)

    def start(self, name: str) -> None:
        commands = {
            "redis": [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            "sink": [
                sys.executable,
                str(ROOT / "bench" / "smtp_sink.py"),
                "--port",
                str(self.smtp_port),
                "--log",
                str(self.deliveries),
                "--delay-ms",
                str(self.args.sink_delay_ms),
            ],
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "2",
                "--hostname",
                f"drill-{os.getpid()}@%h",
            ],
            "beat": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.work / "beat-schedule"),
            ],
        }
        output = (self.work / f"{name}.log").open("a")
        # Its own process group: kill -9 takes the worker's pool processes with it.
        self.processes[name] = subprocess.Popen(
            commands[name],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if name == "redis":
            wait_port(self.redis_port)
        if name == "sink":
            wait_port(self.smtp_port)

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(timeout=60)

    def stop_all(self) -> None:
        for name in list(self.processes):
            try:
                self.stop(name)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.stop(name, signal.SIGKILL)

    def delivered(self) -> list[str]:
        lines = self.deliveries.read_text(encoding="utf-8").splitlines()
        return [line.split("\t", 1)[0] for line in lines if line]


def enqueue(drill: Drill) -> int:
    """The letters batch and the reset requests; returns how many outbox rows they will make."""
    from allauth.account.models import EmailAddress
    from django.db import transaction

    from accounts.models import Establishment, Guardian, GuardianLink, Pupil, User
    from activation.models import LetterBatch
    from activation.services.letters import letter_batch_create
    from bench.fixtures import BENCH_UAI, active_accounts
    from recovery.services.recovery import EMAIL, password_reset_request

    establishment = Establishment.objects.get(uai=BENCH_UAI)
    # Pupils from the end of the roster (the peak bench activates parents from the start):
    # their guardians' accounts are still provisional, so a new letter is due and mailed.
    pupils, mails = [], 0
    for pupil in Pupil.objects.filter(establishment=establishment).order_by("-pk"):
        guardians = Guardian.objects.filter(
            pk__in=GuardianLink.objects.filter(pupil=pupil, level=GuardianLink.Level.LEGAL).values(
                "guardian_id"
            )
        ).exclude(email="")
        mailed = [g for g in guardians if g.account is None or g.account.state != User.State.ACTIVE]
        if not mailed:
            continue
        pupils.append(pupil)
        mails += len(mailed)
        if mails >= drill.args.letters:
            break
    with transaction.atomic():
        batch = letter_batch_create(
            establishment=establishment,
            created_by=None,
            scope=LetterBatch.Scope.SELECTION,
            pupils=pupils,
            include_pupils=False,
            include_guardians=True,
            send_email=True,
        )
    drill.log(f"letter batch {batch.pk}: {len(pupils)} pupils, ~{mails} guardian mails (worker)")

    identifiers = active_accounts("parent", drill.args.resets)
    for user in User.objects.filter(username__in=identifiers):
        address = f"{user.username}@famille.bench.test"
        if user.email != address:
            User.objects.filter(pk=user.pk).update(email=address)
        EmailAddress.objects.update_or_create(
            user=user, email=address, defaults={"verified": True, "primary": True}
        )
    for n, identifier in enumerate(identifiers):
        with transaction.atomic():
            password_reset_request(
                identifier=identifier, channel=EMAIL, ip=f"10.77.{n // 250}.{n % 250 + 1}"
            )
    drill.log(f"{len(identifiers)} password reset requests (worker tasks)")

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.status in {LetterBatch.Status.DONE, LetterBatch.Status.FAILED}:
            break
        time.sleep(0.5)
    if batch.status != LetterBatch.Status.DONE:
        raise RuntimeError(f"lot de courriers {batch.status} : {batch.error}")
    emailed = batch.letters.exclude(emailed_at=None).count()
    return emailed + len(identifiers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=250, help="courriers par courriel (250)")
    parser.add_argument("--resets", type=int, default=250, help="liens « mot de passe oublié »")
    parser.add_argument("--sink-delay-ms", type=float, default=40, help="traitement SMTP (40 ms)")
    parser.add_argument("--redis-port", type=int, default=6390, help="Redis à soi (6390)")
    parser.add_argument("--down-s", type=float, default=5, help="durée de chaque panne (5 s)")
    parser.add_argument("--timeout", type=float, default=900, help="attente maximale (900 s)")
    args = parser.parse_args()
    if port_in_use(args.redis_port):
        print(
            f"le port {args.redis_port} est occupé : l'exercice arrête et relance son propre "
            "Redis, choisissez un port libre (--redis-port)",
            file=sys.stderr,
        )
        return 2

    work = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    drill = Drill(args, work)
    print(f"# machine: {machine()}; logs: {work}")
    drill.start("redis")
    from bench.common import setup_django

    setup_django()
    from django.db.models import Count, Max

    from bench.fixtures import ensure_bench_college
    from outbox import conf as outbox_conf
    from outbox.models import OutboxMessage
    from outbox.services import outbox_message_id

    ensure_bench_college()
    first_pk = (OutboxMessage.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    Status = OutboxMessage.Status
    mine = OutboxMessage.objects.filter(pk__gte=first_pk)

    try:
        drill.start("sink")
        drill.start("worker")
        drill.start("beat")
        drill.log(
            f"redis :{drill.redis_port}, smtp sink :{drill.smtp_port} "
            f"({args.sink_delay_ms:.0f} ms per mail), celery worker (prefork 2) and beat"
        )
        expected = enqueue(drill)
        drill.log(f"{expected} messages expected in the outbox")

        def sent() -> int:
            return len(drill.delivered())

        def wait_for_progress(more: int, what: str, limit: float = 180) -> None:
            target = sent() + more
            deadline = time.monotonic() + limit
            while sent() < target and time.monotonic() < deadline:
                time.sleep(0.05)
            drill.log(f"{sent()} delivered on the sink: {what}")

        step = max(expected // 8, 5)
        wait_for_progress(step, "kill -9 the Celery worker (and its pool) mid-send")
        # At an instant a mail is on the wire, its end written and its 250 awaited if possible:
        # the case where the old design sent it again.
        deadline = time.monotonic() + 10
        while not mine.filter(status=Status.HANDED_OVER).exists() and time.monotonic() < deadline:
            time.sleep(0.002)
        drill.stop("worker", signal.SIGKILL)
        counts = dict(mine.values_list("status").annotate(n=Count("pk")))
        drill.log(f"outbox right after the kill: {counts}")
        time.sleep(args.down_s)
        drill.start("worker")
        drill.log("worker restarted")

        wait_for_progress(step, "stop Redis (no persistence: every queued task is lost)")
        drill.stop("redis")
        time.sleep(args.down_s)
        drill.start("redis")
        drill.log("Redis restarted, empty")

        wait_for_progress(step, "stop the SMTP sink (SIGTERM)")
        drill.stop("sink")
        time.sleep(args.down_s)
        drill.start("sink")
        drill.log("SMTP sink restarted")

        deadline = time.monotonic() + args.timeout
        last = None
        while time.monotonic() < deadline:
            left = mine.filter(status__in=[Status.PENDING, Status.SENDING, Status.HANDED_OVER])
            remaining = left.count()
            if mine.count() >= expected and remaining == 0:
                break
            if remaining != last:
                drill.log(f"{remaining} messages still to settle, {sent()} delivered")
                last = remaining
            time.sleep(1)
        drill.log("outbox drained" if remaining == 0 else "timeout: the outbox is not drained")
    finally:
        drill.stop_all()

    rows = list(mine.values_list("idempotency_key", "status", "last_error"))
    statuses = collections.Counter(status for _, status, _ in rows)
    expected_ids = {outbox_message_id(key) for key, _, _ in rows}
    deliveries = collections.Counter(drill.delivered())
    duplicates = {mid: n for mid, n in deliveries.items() if mid in expected_ids and n > 1}
    missing = expected_ids - set(deliveries)
    strangers = set(deliveries) - expected_ids
    unconfirmed = sum(1 for _, _, error in rows if error.startswith("Remis au serveur"))
    letters = sum(1 for key, _, _ in rows if key.startswith("letter:"))
    resets = sum(1 for key, _, _ in rows if key.startswith("password-reset:"))
    print(f"\n# stale claim delay: {outbox_conf.OUTBOX_STALE_CLAIM}, flush every 60 s")
    print(f"faults_messages_expected: {expected} ({letters} letters, {resets} reset links)")
    print(f"faults_outbox_rows: {len(rows)} {dict(statuses)}")
    print(f"faults_delivered_total: {sum(deliveries[m] for m in expected_ids)}")
    print(f"faults_delivered_once: {sum(1 for m in expected_ids if deliveries[m] == 1)}")
    print(f"faults_duplicates: {len(duplicates)}")
    print(f"faults_missing: {len(missing)}")
    print(f"faults_unexpected_on_sink: {len(strangers)}")
    print(f"faults_settled_as_handed_over: {unconfirmed} (sent, reply not received)")
    print(f"faults_drill_s: {time.monotonic() - drill.started:.0f}")
    ok = (
        len(rows) == expected
        and statuses.get(Status.SENT, 0) == expected
        and not duplicates
        and not missing
        and not strangers
    )
    print("exactly once: yes" if ok else "exactly once: NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
