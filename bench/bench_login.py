#!/usr/bin/env python3
"""Password login cost: server CPU and latency of a real POST to the élève/parent login form.

A real gunicorn (1 sync worker) on loopback, production settings (Argon2id at OWASP parameters,
PostgreSQL, Redis sessions). The worker's CPU is read from the kernel scheduler before and after
each POST, so only the login itself is counted. Target: ≤ ~35 ms of server CPU per login.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import cpu_ns, gunicorn, percentile, report, setup_django, worker_pids  # noqa: E402

LOGINS = 60
LOGIN_PATH = "/connexion/eleve-parent/"


def main() -> None:
    setup_django()
    from django.contrib.auth.hashers import check_password, make_password

    from bench.fixtures import BENCH_PASSWORD, active_accounts, ensure_bench_college

    ensure_bench_college()
    identifiers = active_accounts("parent", LOGINS)

    # The hasher alone, in this process: the floor of what a login can cost.
    encoded = make_password(BENCH_PASSWORD)
    started = time.process_time()
    for _ in range(20):
        assert check_password(BENCH_PASSWORD, encoded)
    report("argon2id_verify_cpu_ms", (time.process_time() - started) / 20 * 1000, "ms")
    print(f"hasher: {encoded.split('$')[0]} {encoded.split('$')[2]}")

    from bench.client import Browser

    with gunicorn(workers=1) as (base_url, master):
        time.sleep(1)
        (worker,) = worker_pids(master.pid)
        cpu_ms, latency_ms, failures = [], [], 0
        for identifier in identifiers:
            browser = Browser(base_url)
            token = browser.csrf_token(LOGIN_PATH)
            before = cpu_ns(worker)
            status, _, elapsed = browser.request(
                "POST",
                LOGIN_PATH,
                {"csrfmiddlewaretoken": token, "login": identifier, "password": BENCH_PASSWORD},
            )
            cpu_ms.append((cpu_ns(worker) - before) / 1e6)
            latency_ms.append(elapsed * 1000)
            if status != 302 or "sessionid" not in browser.cookies:
                failures += 1
            browser.close()

    print(f"logins: {len(identifiers)}, refused: {failures}")
    report("login_server_cpu_ms_mean", statistics.mean(cpu_ms), "ms")
    report("login_server_cpu_ms_p50", percentile(cpu_ms, 0.5), "ms")
    report("login_latency_ms_p50", percentile(latency_ms, 0.5), "ms")
    report("login_latency_ms_p99", percentile(latency_ms, 0.99), "ms")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
