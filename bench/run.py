#!/usr/bin/env python3
"""Runs every bench/bench_*.py (or the ones named) and prints their figures.

    python3 dev.py bench                    all benchmarks
    python3 dev.py bench login dashboard    only bench_login.py and bench_dashboard.py

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


def main() -> int:
    if any(arg in {"-h", "--help"} for arg in sys.argv[1:]):
        print(__doc__)
        return 0
    wanted = sys.argv[1:]
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
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
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(
            f"# {script.stem} finished in {time.monotonic() - started:.0f} s (exit {code})",
            flush=True,
        )
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
