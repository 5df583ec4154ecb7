#!/usr/bin/env python3
"""Mes applications on a phone paired by QR code, against the same page in a password session.

A device session costs one query more per request (devices.middleware checks that its device is
still connected: a primary-key lookup) and nothing else: this measures what that query costs
under load. Same harness as bench_dashboard: gunicorn gthread with production settings
(PostgreSQL, Redis sessions and cache), `wrk` on the same cores; the phone is paired over HTTP
exactly as in the browser (QR code page, link, code). The two sessions are measured in
alternation, twice each, so that the machine's drift weighs on both alike.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import gunicorn, parse_wrk, report, setup_django  # noqa: E402

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
DASHBOARD = "/mes-applications/"
CODE = "B3NC"


def _cookie(browser) -> str:
    return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def paired_sessions(base_url: str, identifier: str, password: str) -> tuple[str, str]:
    """(computer's cookie, phone's cookie): a password login, then the phone paired."""
    from bench.client import Browser

    computer = Browser(base_url)
    token = computer.csrf_token("/connexion/eleve-parent/")
    computer.request(
        "POST",
        "/connexion/eleve-parent/",
        {"csrfmiddlewaretoken": token, "login": identifier, "password": password},
    )
    token = computer.csrf_token("/compte/appareils/connecter/")
    status, _, _ = computer.request(
        "POST", "/compte/appareils/connecter/", {"csrfmiddlewaretoken": token, "code": CODE}
    )
    status, page, _ = computer.request("GET", "/compte/appareils/connecter/qr-code/")
    link = re.search(r'id="lien-appareil">([^<]+)<', page)
    if status != 200 or link is None:
        raise RuntimeError(f"pas de QR code ({status})")
    phone = Browser(base_url)
    phone.request("GET", urlsplit(link.group(1)).path)
    token = phone.csrf_token("/appareil/connexion/")
    status, _, _ = phone.request(
        "POST", "/appareil/connexion/", {"csrfmiddlewaretoken": token, "code": CODE}
    )
    status, page, _ = phone.request("GET", DASHBOARD)
    if status != 200 or "Mes applications" not in page:
        raise RuntimeError(f"le téléphone n'est pas connecté ({status})")
    cookies = _cookie(computer), _cookie(phone)
    computer.close()
    phone.close()
    return cookies


def wrk_run(wrk: str, base_url: str, cookie: str, duration: int, connections: int) -> dict:
    result = subprocess.run(
        [
            wrk,
            "--latency",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "-H",
            f"Cookie: {cookie}",
            base_url + DASHBOARD,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(result.stdout)


def main() -> None:
    setup_django()
    from bench.fixtures import BENCH_PASSWORD, active_accounts, ensure_bench_college

    ensure_bench_college()
    (identifier,) = active_accounts("parent", 1)
    wrk = shutil.which("wrk")
    if not wrk:
        print("wrk introuvable (apt-get install wrk) : mesure impossible", file=sys.stderr)
        sys.exit(1)

    figures: dict[str, list[dict]] = {"password": [], "device": []}
    with gunicorn(workers=WORKERS, threads=THREADS, worker_class="gthread") as (base_url, _):
        cookies = dict(
            zip(
                ("password", "device"),
                paired_sessions(base_url, identifier, BENCH_PASSWORD),
                strict=True,
            )
        )
        for cookie in cookies.values():
            wrk_run(wrk, base_url, cookie, 3, 2)  # warm-up
        time.sleep(1)
        for _ in range(ROUNDS):
            for kind, cookie in cookies.items():
                figures[kind].append(wrk_run(wrk, base_url, cookie, DURATION_S, CONNECTIONS))
                time.sleep(1)
    print(
        f"gunicorn gthread: {WORKERS} workers × {THREADS} threads, wrk connections: "
        f"{CONNECTIONS}, {ROUNDS} × {DURATION_S} s per session, alternated"
    )
    for kind, runs in figures.items():
        for index, run in enumerate(runs, 1):
            if run["non_2xx"]:
                print(f"{kind} run {index}: {run['non_2xx']:.0f} non-2xx responses")
                sys.exit(1)
        report(
            f"dashboard_{kind}_session_requests_per_s",
            sum(r["requests_per_s"] for r in runs) / len(runs),
            "req/s",
        )
        report(f"dashboard_{kind}_session_latency_ms_p50", max(r["p50_ms"] for r in runs), "ms")
        report(f"dashboard_{kind}_session_latency_ms_p99", max(r["p99_ms"] for r in runs), "ms")


if __name__ == "__main__":
    main()
