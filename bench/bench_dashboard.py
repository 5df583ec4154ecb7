#!/usr/bin/env python3
"""Mes applications under concurrent load, and SQL queries per page.

A real gunicorn (gthread workers, as in gunicorn.conf.py) on loopback with production settings (PostgreSQL, Redis sessions and
cache, cached templates), a logged-in parent with children, and `wrk` as the load generator sharing
the same 2 cores. Targets: ≥ 400 requests/s with p99 < 50 ms.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import gunicorn, parse_wrk, report, setup_django  # noqa: E402

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "20"))
DASHBOARD = "/mes-applications/"


def queries_per_page(identifier: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.fixtures import BENCH_PASSWORD

    anonymous = Client(HTTP_HOST="127.0.0.1")
    for name, path in [("services_en_ligne", "/"), ("login_page", "/connexion/eleve-parent/")]:
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get(path).status_code == 200
        report(f"queries_{name}", len(queries), "queries")
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=identifier, password=BENCH_PASSWORD)
    client.get(DASHBOARD)  # warm the per-profile tile cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    report("queries_mes_applications", len(queries), "queries")


def main() -> None:
    setup_django()
    from bench.client import Browser
    from bench.fixtures import BENCH_PASSWORD, active_accounts, ensure_bench_college

    ensure_bench_college()
    (identifier,) = active_accounts("parent", 1)
    queries_per_page(identifier)

    wrk = shutil.which("wrk")
    if not wrk:
        print(
            "wrk introuvable (apt-get install wrk) : mesure de charge impossible", file=sys.stderr
        )
        sys.exit(1)

    with gunicorn(workers=WORKERS, threads=THREADS, worker_class="gthread") as (base_url, _):
        browser = Browser(base_url)
        token = browser.csrf_token("/connexion/eleve-parent/")
        status, _, _ = browser.request(
            "POST",
            "/connexion/eleve-parent/",
            {"csrfmiddlewaretoken": token, "login": identifier, "password": BENCH_PASSWORD},
        )
        status, page, _ = browser.request("GET", DASHBOARD)
        if status != 200 or "Mes applications" not in page:
            raise RuntimeError(f"le tableau de bord ne répond pas comme attendu ({status})")
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        browser.close()

        command = [
            wrk,
            "--latency",
            "-t2",
            f"-c{CONNECTIONS}",
            "-H",
            f"Cookie: {cookie}",
            base_url + DASHBOARD,
        ]
        subprocess.run(
            [*command[:3], "-c2", "-d3s", *command[4:]], capture_output=True, check=True
        )  # warm-up
        time.sleep(1)
        result = subprocess.run(
            [*command[:4], f"-d{DURATION_S}s", *command[4:]],
            capture_output=True,
            text=True,
            check=True,
        )
    figures = parse_wrk(result.stdout)
    print(
        f"gunicorn gthread: {WORKERS} workers × {THREADS} threads, wrk connections: {CONNECTIONS}, duration: {DURATION_S} s"
    )
    report("dashboard_requests_per_s", figures["requests_per_s"], "req/s")
    report("dashboard_latency_ms_p50", figures.get("p50_ms", 0), "ms")
    report("dashboard_latency_ms_p99", figures.get("p99_ms", 0), "ms")
    if figures["non_2xx"]:
        print(f"non-2xx responses: {figures['non_2xx']:.0f}")
        sys.exit(1)


if __name__ == "__main__":
    main()
