#!/usr/bin/env python3
"""The daily sweep on 1,000,000 expired accounts, PostgreSQL; then the background purge.

Inserts 1,000,000 provisional accounts, each with its pupil record and one letter expired for a
week (server-side ``INSERT … SELECT generate_series``: seconds, not minutes), then times
``sweep_run`` — one audit record per account, accounts emptied and made unusable, batches on
``ACCOUNTS_SWEEP_WORKERS`` connections at once (default 2), the pupil records left pointing
at the expired accounts until the purge — and reports the process's peak RSS (the worker
threads are in the same process). Then runs ``accounts_purge_expired`` (the
physical deletion, every 10 minutes in production) for ``BENCH_PURGE_SECONDS`` (default 20 s) on
the same tables and reports its rate. Prints:

    sweep_rows: 1000000
    sweep_1m_accounts_s: ...   (target: < 60 s)
    sweep_peak_rss_mb: ...     (flat: one batch of ids in memory at a time)
    purge_accounts_per_s: ...  (foreign-key checks bound it: see docs/activation.md)

``BENCH_SWEEP_ROWS`` changes the number of accounts (e.g. 100000 for a quick run). The database
(``DATABASE_URL``, default ``cartable_bench_sweep``; never the shared ``cartable_bench``) is dropped
and created afresh at the start and dropped at the end.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cartable_bench_sweep"
_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
if _url.rstrip("/").rsplit("/", 1)[-1] == "cartable_bench":
    # The shared bench database: this bench drops its database, so it takes its own.
    _url = _url.rstrip("/").rsplit("/", 1)[0] + "/cartable_bench_sweep"
os.environ["DATABASE_URL"] = _url

from bench.common import machine, report, setup_django  # noqa: E402

ROWS = int(os.environ.get("BENCH_SWEEP_ROWS", "1000000"))
PURGE_SECONDS = float(os.environ.get("BENCH_PURGE_SECONDS", "20"))

INSERT_ACCOUNTS = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                           is_active, date_joined, profile, state, session_stamp, state_changed_at)
SELECT '!', false, 'e.balaye' || n, 'Élève', 'Balayé' || n, '', false, true, now() - interval '100 days',
       'eleve', 'provisional', md5(n::text), now() - interval '100 days'
FROM generate_series(1, %s) AS n
"""

INSERT_PUPILS = """
INSERT INTO accounts_pupil (establishment_id, siecle_id, elenoet, ine, last_name, usage_name, first_name,
                            second_first_name, birth_date, sex, mef_code, account_id, updated_at)
SELECT %s, u.id::text, '', '', u.last_name, '', u.first_name, '', date '2013-01-01', '', '', u.id, now()
FROM accounts_user u WHERE u.profile = 'eleve'
"""

INSERT_LETTERS = """
INSERT INTO teleservices_letter (establishment_id, kind, account_id, identifier, pupil_id, created_at,
                                 expires_at, temp_password_hash)
SELECT p.establishment_id, 'pupil', p.account_id, u.username, p.id, now() - interval '100 days',
       now() - interval '7 days', 'argon2$argon2id$v=19$m=12288,t=1,p=1$c2FsdA$aGFzaA'
FROM accounts_pupil p JOIN accounts_user u ON u.id = p.account_id
"""


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def drop_database() -> None:
    import dj_database_url
    import psycopg2
    from django.db import connections
    from psycopg2 import sql

    connections.close_all()
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        password=config["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(config["NAME"])
            )
        )
    admin.close()


def main() -> int:
    started = time.perf_counter()
    setup_django(fresh_db=True)
    from django.db import connection

    from accounts.lifecycle import accounts_purge_expired
    from accounts.lifecycle.retention import sweep_workers
    from accounts.models import AuditEvent, Establishment, Pupil, User
    from activation.models import Letter
    from core.retention import sweep_daily as sweep_run

    print(
        f"# {machine()}; rows: {ROWS}; database: {connection.settings_dict['NAME']}; "
        f"sweep workers: {sweep_workers()}",
        flush=True,
    )
    print(f"# fresh database migrated in {time.perf_counter() - started:.1f} s", flush=True)
    establishment = Establishment.objects.create(
        uai="0860999S", name="Collège balayé", school_year=2026
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(INSERT_ACCOUNTS, [ROWS])
        cursor.execute(INSERT_PUPILS, [establishment.pk])
        cursor.execute(INSERT_LETTERS)
        for table in ("accounts_user", "accounts_pupil", Letter._meta.db_table):
            cursor.execute(f"VACUUM ANALYZE {table}")  # noqa: S608 - constant names
    print(
        f"# inserted {ROWS} accounts + pupils + letters in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    rss_before = rss_mb()

    stats: dict[str, list] = {}

    def timed(execute, sql, params, many, context):
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = stats.setdefault(" ".join(sql.split())[:110], [0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - begun

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        result = sweep_run()
    elapsed = time.perf_counter() - started
    peak = rss_mb()
    # Only the main thread's statements (the candidate reads); the workers' are on their own connections.
    for sql, (count, seconds) in sorted(stats.items(), key=lambda item: -item[1][1])[:8]:
        print(f"# {seconds:7.2f} s {count:5d}× {sql}")

    swept = result["comptes_courrier_expire"]
    # What the sweep promised, checked on the whole table.
    checks = {
        "expired accounts": User.objects.filter(
            state=User.State.EXPIRED, is_active=False, first_name=""
        ).count(),
        "audit records": AuditEvent.objects.filter(action="account.swept").count(),
        # The roster records keep pointing at the expired accounts; the purge detaches them.
        "pupils on their expired account": Pupil.objects.filter(
            account__state=User.State.EXPIRED
        ).count(),
    }
    print(f"# checks: {checks}", flush=True)
    report("sweep_rows", swept, "accounts")
    report("sweep_1m_accounts_s" if ROWS == 1_000_000 else f"sweep_{ROWS}_accounts_s", elapsed, "s")
    report("sweep_rate", swept / elapsed if elapsed else 0, "accounts/s")
    report("sweep_rss_before_mb", rss_before, "MB")
    report("sweep_peak_rss_mb", peak, "MB")

    started = time.perf_counter()
    purged = accounts_purge_expired(budget_seconds=PURGE_SECONDS)
    purge_elapsed = time.perf_counter() - started
    report("purge_rows", purged, "accounts")
    report("purge_s", purge_elapsed, "s")
    report("purge_accounts_per_s", purged / purge_elapsed if purge_elapsed else 0, "accounts/s")
    report("purge_peak_rss_mb", rss_mb(), "MB")
    kept = AuditEvent.objects.filter(action="account.swept").count()
    cleared = Letter.objects.filter(
        account__isnull=True, swept_at__isnull=False, temp_password_hash=""
    ).count()
    detached = Pupil.objects.filter(account__isnull=True).count()
    print(
        f"# after the purge: audit records kept {kept}, letters detached and cleared {cleared}, "
        f"pupils detached {detached}",
        flush=True,
    )

    ok = (
        swept == ROWS
        and all(value == ROWS for value in checks.values())
        and kept == ROWS
        and cleared == purged
    )
    ok = ok and detached == purged
    ok = ok and (ROWS != 1_000_000 or elapsed < 60)
    if not os.environ.get("BENCH_KEEP_DB"):
        drop_database()
    return 0 if ok or os.environ.get("BENCH_NO_ASSERT") else 1


if __name__ == "__main__":
    sys.exit(main())
