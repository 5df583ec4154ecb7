#!/usr/bin/env python3
"""CAS service tickets issued and validated per second, the login already open.

One round trip is what a CAS application costs Cartable when a user opens it: the browser's
``GET /cas/login?service=…`` (the session is open: a ticket is issued, 302 back to the service)
then the application's ``GET /cas/p3/serviceValidate`` (the ticket spent, the "pronote"
attributes released). Gunicorn gthread with production settings (PostgreSQL, Redis sessions and
cache); ``CLIENTS`` threads, each a logged-in parent, loop on the round trip for
``BENCH_DURATION`` seconds. Reported: round trips per second (= tickets issued and validated),
p50/p99 of the round trip and of each half, and the gunicorn workers' CPU time per round trip
(what a ticket costs whatever else the machine is doing).
"""

import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    cpu_ns,
    gunicorn,
    percentile,
    report,
    setup_django,
    worker_pids,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CLIENTS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "10"))
SERVICE = "https://pronote.banc-essai.invalid/pronote/parent.html"


def log_in(base_url: str, identifier: str, password: str):
    from bench.client import Browser

    browser = Browser(base_url)
    token = browser.csrf_token("/connexion/eleve-parent/")
    browser.request(
        "POST",
        "/connexion/eleve-parent/",
        {"csrfmiddlewaretoken": token, "login": identifier, "password": password},
    )
    status, page, _ = browser.request("GET", "/mes-applications/")
    if status != 200 or "Mes applications" not in page:
        raise RuntimeError(f"connexion impossible ({status})")
    return browser


def round_trips(browser, validator, stop: float, out: list, errors: list) -> None:
    login = "/cas/login?service=" + quote(SERVICE, safe="")
    while time.monotonic() < stop:
        status, _, issued = browser.request("GET", login)
        location = browser.location or ""
        ticket = parse_qs(urlsplit(location).query).get("ticket", [""])[0]
        if status != 302 or not ticket:
            errors.append(f"login {status}")
            return
        path = f"/cas/p3/serviceValidate?service={quote(SERVICE, safe='')}&ticket={ticket}"
        status, body, validated = validator.request("GET", path)
        if status != 200 or "authenticationSuccess" not in body:
            errors.append(f"validate {status}: {body[:200]}")
            return
        out.append((issued, validated))


def main() -> None:
    setup_django()
    from accounts.models import Establishment, User
    from bench.client import Browser
    from bench.fixtures import BENCH_PASSWORD, BENCH_UAI, active_accounts, ensure_bench_college
    from sso.models import RegisteredService

    ensure_bench_college()
    identifiers = active_accounts("parent", CLIENTS)
    RegisteredService.objects.update_or_create(
        name="Pronote (banc d'essai)",
        defaults={
            "establishment": Establishment.objects.get(uai=BENCH_UAI),
            "url": "https://pronote.banc-essai.invalid/pronote/",
            "profiles": [User.Profile.PARENT],
            "attribute_profile": "pronote",
            "identity_mode": "login",
            "single_logout": True,
            "is_active": True,
        },
    )
    with gunicorn(workers=WORKERS, threads=THREADS, worker_class="gthread") as (base_url, master):
        pairs = [(log_in(base_url, i, BENCH_PASSWORD), Browser(base_url)) for i in identifiers]
        # Warm-up: every worker thread has its connections and caches.
        warm: list = []
        errors: list = []
        for browser, validator in pairs:
            round_trips(browser, validator, time.monotonic() + 0.5, warm, errors)
        results: list[list] = [[] for _ in pairs]
        workers = worker_pids(master.pid)
        cpu_before = sum(cpu_ns(pid) for pid in workers)
        stop = time.monotonic() + DURATION_S
        started = time.monotonic()
        threads = [
            threading.Thread(target=round_trips, args=(b, v, stop, results[n], errors))
            for n, (b, v) in enumerate(pairs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        cpu_used = sum(cpu_ns(pid) for pid in workers) - cpu_before
    if errors:
        print("erreurs :", errors[:5])
        sys.exit(1)
    samples = [sample for result in results for sample in result]
    print(
        f"gunicorn gthread: {WORKERS} workers × {THREADS} threads, {CLIENTS} clients, "
        f"{DURATION_S} s, {len(samples)} round trips"
    )
    report("cas_tickets_issued_and_validated_per_s", len(samples) / elapsed, "tickets/s")
    # Independent of what else the machine runs: the server's CPU per ticket (both requests).
    report("cas_server_cpu_ms_per_ticket", cpu_used / 1e6 / max(1, len(samples)), "ms")
    totals = [(a + b) * 1000 for a, b in samples]
    report("cas_round_trip_ms_p50", percentile(totals, 0.50), "ms")
    report("cas_round_trip_ms_p99", percentile(totals, 0.99), "ms")
    report("cas_login_ms_p99", percentile([a * 1000 for a, _ in samples], 0.99), "ms")
    report("cas_validate_ms_p99", percentile([b * 1000 for _, b in samples], 0.99), "ms")


if __name__ == "__main__":
    main()
