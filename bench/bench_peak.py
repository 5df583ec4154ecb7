#!/usr/bin/env python3
"""Peak hour: password logins, Mes applications and Mon compte at once, for minutes.

    python3 dev.py bench peak [--duration 300] [--login-rate 32] [--page-rate 210]
                              [--workers 2] [--threads 4] [--login-clients 16]
                              [--page-clients 16] [--warmup 5]

A real gunicorn (gthread, as gunicorn.conf.py) on loopback with production settings (DEBUG off,
Argon2id at OWASP parameters, PostgreSQL, sessions and cache in Redis, cached templates, the
production login rate limits ON) serves a load generator running in this process: threads, each
with its own keep-alive HTTP connection and cookies (bench/client.py), paced to the target rates.

* login: a new visitor GETs the élève/parent login page (kind ``login_form``), then POSTs the real
  allauth form with its CSRF token; counted only if it ends in a 302 with a session cookie.
* mes_applications / mon_compte: logged-in parents (logged in before the clock starts) GET
  /mes-applications/, /compte/profil/ and /compte/enfants/ (half dashboard, half Mon compte), each page
  checked for its title.

Every account is different and every simulated family comes from its own address, given to the
application the way the production reverse proxy does: ``X-Forwarded-For`` with
``CARTABLE_TRUSTED_PROXIES=1`` (docs/deployment.md). The limits themselves stay on.

Prints per kind: count, throughput, p50/p99 latency and errors; the server CPU per request of each
kind (measured serially before the load, from the kernel's scheduler clock of the gunicorn
workers, PostgreSQL backends and Redis), what those figures make of a quiet 2-core machine, the
CPU every process used under load and the load average. Exits 1 if any request failed.
Targets: ≥ 30 logins/s and ≥ 200 page requests/s with 0 errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import cpu_ns, gunicorn, machine, percentile, setup_django, worker_pids  # noqa: E402
from bench.load import (  # noqa: E402
    KINDS,
    LOGIN_PATH,
    PAGES,
    Results,
    family_address,
    login,
    login_client,
    page_client,
)

# The targets; the clients are paced a little above them (--login-rate 32, --page-rate 210).
TARGET_LOGINS, TARGET_PAGES = 30, 200


class Meter:
    """CPU (ns, scheduler clock) of the gunicorn workers, the bench's PostgreSQL backends, Redis
    and this process."""

    def __init__(self, master_pid: int) -> None:
        import redis
        from django.conf import settings

        self.master_pid = master_pid
        self.redis = redis.Redis.from_url(settings.REDIS_URL)
        self.redis_pid = int(self.redis.info("server")["process_id"])
        # Last CPU seen per PostgreSQL backend, dead ones kept: a backend lives CONN_MAX_AGE
        # (60 s), so a long run samples them every few seconds (sample_postgres).
        self.postgres_seen: dict[int, int] = {}

    def postgres_pids(self) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            return [row[0] for row in cursor.fetchall()]

    def sample_postgres(self) -> dict[int, int]:
        for pid in self.postgres_pids():
            with contextlib.suppress(OSError):  # ended since the query
                self.postgres_seen[pid] = cpu_ns(pid)
        return dict(self.postgres_seen)

    def read(self) -> dict:
        def safe(pid: int) -> int:
            try:
                return cpu_ns(pid)
            except OSError:
                return 0

        return {
            "gunicorn": sum(safe(p) for p in worker_pids(self.master_pid)),
            # Per backend: one that started during the run counts from 0.
            "postgres": self.sample_postgres(),
            "redis": safe(self.redis_pid),
            "load_generator": safe(os.getpid()),
            "machine_busy": machine_busy_ns(),
        }

    @staticmethod
    def used(before: dict, after: dict, name: str) -> int:
        if name == "postgres":
            return sum(ns - before["postgres"].get(pid, 0) for pid, ns in after["postgres"].items())
        return after[name] - before[name]


def machine_busy_ns() -> int:
    """CPU time every process of the machine spent (all cores, /proc/stat, not idle or iowait)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def calibrate(base_url, meter, identifiers, password, sessions) -> dict[str, float]:
    """Server CPU per request of each kind, requests sent one at a time (no overlap)."""
    from bench.client import Browser

    def per_request(run, n: int) -> float:
        before = meter.read()
        for i in range(n):
            run(i)
        after = meter.read()
        server = sum(Meter.used(before, after, k) for k in ("gunicorn", "postgres", "redis"))
        return server / n / 1e6

    def one_login(i: int) -> None:
        browser = Browser(base_url, headers={"X-Forwarded-For": family_address(900_000 + i)})
        assert login(browser, identifiers[i % len(identifiers)], password)
        browser.close()

    browser = sessions[0]

    def one_form(i: int) -> None:
        visitor = Browser(base_url, headers={"X-Forwarded-For": family_address(800_000 + i)})
        visitor.csrf_token(LOGIN_PATH)
        visitor.close()

    return {
        # A login as a visitor makes it: the form, then the POST (Argon2id verify, new session).
        "login_with_form": per_request(one_login, 30),
        "login_form": per_request(one_form, 100),
        "mes_applications": per_request(
            lambda i: browser.request("GET", PAGES["mes_applications"][0][0]), 200
        ),
        "mon_compte": per_request(
            lambda i: browser.request("GET", PAGES["mon_compte"][i % 2][0]), 200
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300, help="secondes mesurées (300)")
    parser.add_argument("--warmup", type=float, default=5, help="secondes non comptées (5)")
    parser.add_argument("--login-rate", type=float, default=32, help="connexions/s visées (32)")
    parser.add_argument("--page-rate", type=float, default=210, help="pages/s visées (210)")
    parser.add_argument("--workers", type=int, default=2, help="processus gunicorn (2)")
    parser.add_argument("--threads", type=int, default=4, help="fils par processus (4)")
    parser.add_argument("--login-clients", type=int, default=16, help="clients connexion (16)")
    parser.add_argument("--page-clients", type=int, default=16, help="clients pages (16)")
    parser.add_argument("--accounts", type=int, default=500, help="comptes parents (500)")
    args = parser.parse_args()

    # Production's limits stay on; the client address comes from X-Forwarded-For, one trusted
    # proxy, as behind nginx (docs/deployment.md).
    os.environ["BENCH_KEEP_RATE_LIMITS"] = "1"
    os.environ["CARTABLE_TRUSTED_PROXIES"] = "1"
    setup_django()
    from django.conf import settings
    from django.contrib.auth.hashers import identify_hasher

    from bench.client import Browser
    from bench.fixtures import BENCH_PASSWORD, active_accounts, ensure_bench_college

    ensure_bench_college()
    identifiers = active_accounts("parent", args.accounts)
    if len(identifiers) < args.page_clients + 10:
        print(f"trop peu de comptes parents ({len(identifiers)})", file=sys.stderr)
        return 2
    from accounts.models import User

    stored = User.objects.get(username=identifiers[0]).password
    hasher = identify_hasher(stored)
    print(f"# machine: {machine()}")
    print(
        # The parameters are those written in the stored hash, the ones a login pays for.
        f"# password hash: {hasher.algorithm} {'$'.join(stored.split('$')[1:4])}; "
        f"sessions: {settings.SESSION_ENGINE}; cache: {settings.CACHES['default']['BACKEND']}; "
        f"DEBUG={settings.DEBUG}; rate limits: {settings.ACCOUNT_RATE_LIMITS}; "
        f"trusted proxies: {settings.CARTABLE_TRUSTED_PROXIES}"
    )
    print(f"# gunicorn gthread {args.workers} × {args.threads}; accounts: {len(identifiers)}")
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password(BENCH_PASSWORD)
    started = time.process_time()
    for _ in range(20):
        check_password(BENCH_PASSWORD, encoded)
    verify_ms = (time.process_time() - started) / 20 * 1000
    print(f"password_verify_cpu_ms: {verify_ms:.1f} ms (the hasher alone, in this process)")

    results = Results()
    with gunicorn(workers=args.workers, threads=args.threads, worker_class="gthread") as (
        base_url,
        master,
    ):
        time.sleep(1)
        meter = Meter(master.pid)
        page_ids = identifiers[-args.page_clients :]
        login_ids = identifiers[: -args.page_clients]
        sessions = []
        for i, identifier in enumerate(page_ids):
            browser = Browser(base_url, headers={"X-Forwarded-For": family_address(500_000 + i)})
            if not login(browser, identifier, BENCH_PASSWORD):
                print(f"connexion impossible pour {identifier}", file=sys.stderr)
                return 1
            sessions.append(browser)

        cpu = calibrate(base_url, meter, login_ids, BENCH_PASSWORD, sessions)
        print("\n# server CPU per request (serial, gunicorn + PostgreSQL + Redis):")
        for kind, ms in cpu.items():
            print(f"server_cpu_ms_{kind}: {ms:.2f} ms")
        page_ms = (cpu["mes_applications"] + cpu["mon_compte"]) / 2
        needed = (args.login_rate * cpu["login_with_form"] + args.page_rate * page_ms) / 1000
        print(
            f"cores_needed_for_targets: {needed:.2f} cores "
            f"({args.login_rate:.0f} logins/s × {cpu['login_with_form']:.1f} ms + "
            f"{args.page_rate:.0f} pages/s × {page_ms:.1f} ms, server side only)"
        )
        print(
            "quiet_2_core_ceiling: "
            f"{2000 / cpu['login_with_form']:.0f} logins/s alone, {2000 / page_ms:.0f} pages/s alone"
        )

        stop = threading.Event()
        numbers = count()
        threads = [
            threading.Thread(
                target=login_client,
                args=(
                    base_url,
                    login_ids,
                    BENCH_PASSWORD,
                    numbers,
                    args.login_rate / args.login_clients,
                    stop,
                    results,
                ),
                daemon=True,
            )
            for _ in range(args.login_clients if args.login_rate > 0 else 0)
        ] + [
            threading.Thread(
                target=page_client,
                args=(browser, i, args.page_rate / args.page_clients, stop, results),
                daemon=True,
            )
            for i, browser in enumerate(sessions)
            if args.page_rate > 0
        ]
        load_before = os.getloadavg()
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        results.recording = True
        before = meter.read()
        started = time.monotonic()
        while time.monotonic() < started + args.duration:
            time.sleep(min(2.0, max(started + args.duration - time.monotonic(), 0)))
            meter.sample_postgres()
        results.recording = False
        elapsed = time.monotonic() - started
        after = meter.read()
        load_after = os.getloadavg()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        results.reconnects = sum(b.reconnects for b in sessions)
        for browser in sessions:
            browser.close()

    print(f"\n# measured: {elapsed:.0f} s after {args.warmup:.0f} s of warm-up")
    print(f"{'kind':<18}{'count':>8}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    errors = 0
    for kind in KINDS:
        values = results.latencies.get(kind, [])
        errors += results.errors.get(kind, 0)
        p50 = percentile(values, 0.5) if values else 0.0
        p99 = percentile(values, 0.99) if values else 0.0
        print(
            f"{kind:<18}{len(values):>8}{len(values) / elapsed:>9.1f}{p50:>9.1f}{p99:>9.1f}"
            f"{results.errors.get(kind, 0):>8}"
        )
    logins = len(results.latencies.get("login", [])) / elapsed
    pages = (
        len(results.latencies.get("mes_applications", []))
        + len(results.latencies.get("mon_compte", []))
    ) / elapsed
    all_requests = sum(len(v) for v in results.latencies.values()) / elapsed
    print(f"peak_logins_per_s: {logins:.1f} (target ≥ 30)")
    print(f"peak_pages_per_s: {pages:.1f} (target ≥ 200; Mes applications + Mon compte)")
    print(f"peak_http_requests_per_s: {all_requests:.1f} (login forms included)")
    print(f"peak_errors: {errors}; idle keep-alive connections reopened: {results.reconnects}")
    for sample in results.samples:
        print(f"  error: {sample}")
    print("# CPU used under load (cores = CPU seconds / wall seconds):")
    ours = 0.0
    for name in ("gunicorn", "postgres", "redis", "load_generator"):
        cores = Meter.used(before, after, name) / 1e9 / elapsed
        ours += cores
        print(f"cpu_cores_{name}: {cores:.2f}")
    busy = Meter.used(before, after, "machine_busy") / 1e9 / elapsed
    print(
        f"cpu_cores_other_processes: {max(busy - ours, 0):.2f} "
        f"(the machine's busy CPU, {busy:.2f} of {os.cpu_count()} cores, minus the bench's)"
    )
    print(
        f"load_average: {load_before[0]:.2f} at start, {load_after[0]:.2f} at end "
        "(1 min; counts the bench's own runnable threads too)"
    )
    met = logins >= TARGET_LOGINS and pages >= TARGET_PAGES and not errors
    print("targets: met" if met else "targets: NOT met (see the CPU figures above)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
