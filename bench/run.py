#!/usr/bin/env python3
"""Runs every bench/bench_*.py (or the ones named) and prints their figures.

    python3 dev.py bench                    all benchmarks but the long ones (peak, faults)
    python3 dev.py bench login dashboard    only bench_login.py and bench_dashboard.py
    python3 dev.py bench peak [--duration 300 ...]
                                            peak hour: logins + Mes applications + Mon compte
                                            for 5 minutes (options: bench peak --help)
    python3 dev.py bench faults [--messages 400 ...]
                                            fault drill: letters and recovery mails sent while
                                            the Celery worker, Redis and the SMTP server are
                                            killed and restarted; every mail counted on an SMTP
                                            sink (options: bench faults --help)

Options after the names go to each named benchmark.

Defaults: PostgreSQL at postgres://postgres@127.0.0.1:5432/cartable_bench and Redis db 9 on
127.0.0.1 (override with DATABASE_URL / REDIS_URL). The bench database is disposable.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import machine  # noqa: E402

# Minutes long, or with services of their own: run only when named.
ON_REQUEST = {"peak", "faults"}


def main() -> int:
    # The names first, then the options for the named benchmarks.
    wanted: list[str] = []
    for arg in sys.argv[1:]:
        if arg.startswith("-"):
            break
        wanted.append(arg)
    options = sys.argv[1 + len(wanted) :]
    if any(arg in {"-h", "--help"} for arg in sys.argv[1:]) and not wanted:
        print(__doc__)
        return 0
    scripts = sorted(HERE.glob("bench_*.py"))
    if not wanted:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") not in ON_REQUEST]
    else:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
        if not scripts:
            print(f"Aucun benchmark ne correspond à : {' '.join(wanted)}", file=sys.stderr)
            return 2
    if not shutil.which("wrk") and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    print(f"# machine: {machine()}")
    failures = 0
    for script in scripts:
        print(f"\n## {script.stem}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(script), *options], cwd=HERE.parent)
        print(
            f"# {script.stem} finished in {time.monotonic() - started:.0f} s (exit {code})",
            flush=True,
        )
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
