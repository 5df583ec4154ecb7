"""Shared plumbing for the benchmarks: Django setup, a throwaway database, a real gunicorn."""

from __future__ import annotations

import os
import platform
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# The benchmarks run against the machine's PostgreSQL and Redis unless told otherwise.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cartable_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def setup_django(*, fresh_db: bool = False) -> None:
    """Creates the bench database if needed, migrates it, and sets Django up in this process."""
    import dj_database_url

    url = os.environ["DATABASE_URL"]
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("postgresql"):
        import psycopg2
        from psycopg2 import sql

        admin = psycopg2.connect(
            dbname="postgres",
            user=config["USER"] or "postgres",
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            password=config["PASSWORD"] or None,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            if fresh_db:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(config["NAME"])
                    )
                )
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        admin.close()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(*, workers: int, threads: int = 1, worker_class: str = "sync"):
    """A real gunicorn serving the project on loopback; yields (base_url, master Popen).
    ``BENCH_PORT`` chooses its port (several people benching on one machine), else a free one."""
    port = int(os.environ.get("BENCH_PORT") or free_port())
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        worker_class,
        "--log-level",
        "warning",
    ]
    # gunicorn.conf.py (production's) is read from ROOT; the arguments above override it.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
        "GUNICORN_ACCESSLOG": "-" if os.environ.get("BENCH_ACCESS_LOG") else "",
    }
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def cpu_ns(pid: int) -> int:
    """CPU time consumed by a process (all threads), in ns, from the scheduler's own clock."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        total += int((task / "schedstat").read_text().split()[0])
    return total


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def cpu_ms_per_request(client, path: str, *, before=None, count: int = 100) -> float:
    """This process's CPU time (ms) per GET of ``path`` through Django's test client, the
    database and cache round trips included but not their servers' CPU; ``before()`` runs
    before each request, outside the measure (to make it a cache miss). Independent of what
    else the machine runs, unlike req/s."""
    for _ in range(5):
        client.get(path)
    total = 0.0
    for _ in range(count):
        if before is not None:
            before()
        started = time.process_time()
        response = client.get(path)
        total += time.process_time() - started
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return total * 1000 / count


def report(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.2f} {unit}", flush=True)


WRK_LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s and latency percentiles (ms) out of `wrk --latency` output."""
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    figures = {
        f"p{m.group(1)}_ms": float(m.group(2)) * scale[m.group(3)]
        for m in WRK_LATENCY.finditer(output)
    }
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures["requests_per_s"] = float(rps.group(1)) if rps else 0.0
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures["non_2xx"] = float(errors.group(1)) if errors else 0.0
    return figures


def wrk_or_exit() -> str:
    """The path of `wrk`, the load generator; the bench stops with a French message without it."""
    import shutil

    wrk = shutil.which("wrk")
    if not wrk:
        print(
            "wrk introuvable (apt-get install wrk) : mesure de charge impossible", file=sys.stderr
        )
        sys.exit(1)
    return wrk


def family_cookie(base_url: str, identifier: str, path: str, *, expect: str, what: str) -> str:
    """Logs a family in through the real login form and checks ``path`` answers with ``expect``
    in the page; returns the session's Cookie header for the load generator."""
    from bench.client import Browser
    from bench.fixtures import BENCH_PASSWORD

    browser = Browser(base_url)
    token = browser.csrf_token("/connexion/eleve-parent/")
    browser.request(
        "POST",
        "/connexion/eleve-parent/",
        {"csrfmiddlewaretoken": token, "login": identifier, "password": BENCH_PASSWORD},
    )
    status, page, _ = browser.request("GET", path)
    if status != 200 or expect not in page:
        raise RuntimeError(f"{what} ne répond pas comme attendu ({status})")
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    browser.close()
    return cookie


def page_under_load(
    name: str,
    *,
    identifier: str,
    path: str,
    expect: str,
    what: str,
    workers: int,
    threads: int,
    connections: int,
    duration_s: int,
) -> None:
    """One family page under concurrent load: a real gunicorn (gthread), a real login, ``wrk``
    on the same cores; prints ``<name>_requests_per_s``, p50, p99 and the server's CPU per
    request (independent of what else the machine runs). Exits 1 on any non-2xx answer."""
    wrk = wrk_or_exit()
    with gunicorn(workers=workers, threads=threads, worker_class="gthread") as (base_url, master):
        cookie = family_cookie(base_url, identifier, path, expect=expect, what=what)
        command = [wrk, "--latency", "-t2", f"-c{connections}", "-H", f"Cookie: {cookie}"]
        subprocess.run(
            [*command[:3], "-c2", "-d3s", *command[4:], base_url + path],
            capture_output=True,
            check=True,
        )  # warm-up
        time.sleep(1)
        load_before = os.getloadavg()
        pids = worker_pids(master.pid)
        cpu_before = sum(cpu_ns(pid) for pid in pids)
        result = subprocess.run(
            [*command, f"-d{duration_s}s", base_url + path],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu_used = sum(cpu_ns(pid) for pid in pids) - cpu_before
        load_after = os.getloadavg()
    figures = parse_wrk(result.stdout)
    requests = figures["requests_per_s"] * duration_s
    print(
        f"gunicorn gthread: {workers} workers × {threads} threads, wrk connections: "
        f"{connections}, duration: {duration_s} s; load average (1 min) before "
        f"{load_before[0]:.2f}, after {load_after[0]:.2f} on {os.cpu_count()} cores"
    )
    report(f"{name}_requests_per_s", figures["requests_per_s"], "req/s")
    report(f"{name}_latency_ms_p50", figures.get("p50_ms", 0), "ms")
    report(f"{name}_latency_ms_p99", figures.get("p99_ms", 0), "ms")
    report(f"{name}_server_cpu_ms_per_request", cpu_used / 1e6 / max(1.0, requests), "ms")
    if figures["non_2xx"]:
        print(f"non-2xx responses: {figures['non_2xx']:.0f}")
        sys.exit(1)
