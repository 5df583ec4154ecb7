#!/usr/bin/env python3
"""The daily sweep on 1,000,000 expired rows, PostgreSQL.

Inserts 1,000,000 provisional accounts, each with one letter expired for a week (server-side
``INSERT … SELECT generate_series``: seconds, not minutes), then times ``sweep_run`` — which
deletes every account, keeps the letters (detached, for the dashboard) and writes one audit
record per account — and reports the process's peak RSS. Prints:

    sweep_rows: 1000000
    sweep_1m_rows_s: ...       (target: < 60 s)
    sweep_peak_rss_mb: ...     (flat: one batch of ids in memory at a time)

``BENCH_SWEEP_ROWS`` changes the number of rows (e.g. 100000 for a quick run).
"""

from __future__ import annotations

import os
import resource
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine, report, setup_django  # noqa: E402

ROWS = int(os.environ.get("BENCH_SWEEP_ROWS", "1000000"))

INSERT_ACCOUNTS = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                           is_active, date_joined, profile, state, session_stamp, state_changed_at)
SELECT '!', false, %s || n, 'Élève', 'Balayé' || n, '', false, true, now() - interval '100 days',
       'eleve', 'provisional', md5(n::text), now() - interval '100 days'
FROM generate_series(1, %s) AS n
"""

INSERT_LETTERS = """
INSERT INTO teleservices_letter (establishment_id, kind, account_id, identifier, pupil_id, created_at,
                                 expires_at, temp_password_hash)
SELECT %s, 'pupil', u.id, u.username, %s, now() - interval '100 days', now() - interval '7 days',
       'argon2$argon2id$v=19$m=12288,t=1,p=1$c2FsdA$aGFzaA'
FROM accounts_user u WHERE u.username LIKE %s
"""


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    setup_django()
    import datetime

    from django.db import connection

    from accounts.models import Establishment, Pupil
    from teleservices.services.sweeps import sweep_run

    print(f"# {machine()}; rows: {ROWS}", flush=True)
    run = secrets.token_hex(3)
    prefix = f"sweep{run}."
    establishment = Establishment.objects.create(
        uai=f"{secrets.randbelow(10**7):07d}S", name=f"Collège balayé {run}", school_year=2026
    )
    pupil = Pupil.objects.create(establishment=establishment, siecle_id="1", last_name="BALAYE",
                                 first_name="Élève", birth_date=datetime.date(2013, 1, 1))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(INSERT_ACCOUNTS, [prefix, ROWS])
        cursor.execute(INSERT_LETTERS, [establishment.pk, pupil.pk, prefix.replace("_", r"\_") + "%"])
        cursor.execute("ANALYZE accounts_user")
        cursor.execute("ANALYZE teleservices_letter")
    print(f"# inserted {ROWS} accounts + letters in {time.perf_counter() - started:.1f} s", flush=True)
    rss_before = rss_mb()

    stats: dict[str, list] = {}

    def timed(execute, sql, params, many, context):
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = stats.setdefault(sql[:100], [0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - begun

    started = time.perf_counter()
    if os.environ.get("BENCH_SWEEP_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        with connection.execute_wrapper(timed):
            result = profiler.runcall(sweep_run)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        result = sweep_run()
    elapsed = time.perf_counter() - started
    for sql, (count, seconds) in sorted(stats.items(), key=lambda item: -item[1][1])[:12]:
        print(f"# {seconds:7.2f} s {count:5d}× {sql}")

    swept = result["comptes_courrier_expire"]
    report("sweep_rows", swept, "accounts")
    report("sweep_1m_rows_s" if ROWS == 1_000_000 else f"sweep_{ROWS}_rows_s", elapsed, "s")
    report("sweep_rate", swept / elapsed if elapsed else 0, "rows/s")
    report("sweep_rss_before_mb", rss_before, "MB")
    report("sweep_peak_rss_mb", rss_mb(), "MB")
    # Clean up what the sweep keeps on purpose (letters, audit records) for the next run.
    from accounts.models import AuditEvent

    AuditEvent.objects.filter(action="account.swept", establishment=establishment)._raw_delete(connection.alias)
    establishment.delete()
    ok = swept >= ROWS and (ROWS != 1_000_000 or elapsed < 60)
    return 0 if ok or os.environ.get("BENCH_NO_ASSERT") else 1


if __name__ == "__main__":
    sys.exit(main())
