#!/usr/bin/env python3
"""SIECLE import of a 600-pupil collège (~1,000 guardians, ~50 staff): first run and re-import.

Settings from the environment (bench.settings by default: production settings, PostgreSQL
``cartable_bench``; set DATABASE_URL=sqlite:///… to measure SQLite). Generates the roster with the
demo generator (ISO-8859-15, zipped), imports it through the real service (parse, checks, one
transaction, accounts and identifiers) into a throwaway establishment, then imports it again.
Prints:

    import_600_pupils_first_run_s: ...     (target: a few seconds)
    import_600_pupils_reimport_s: ...
    import_600_pupils_accounts: ...
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="cartable-bench-media-"))
from bench.common import machine, report, setup_django  # noqa: E402

PUPILS = 600


def main() -> int:
    setup_django()
    from django.db.models import Q

    from accounts.models import Establishment, RosterImport, User
    from accounts.roster.demo import build_demo_roster
    from accounts.services import roster_import_files

    uai = f"{secrets.randbelow(10**7):07d}Z"
    establishment = Establishment.objects.create(
        uai=uai, name=f"Collège du banc d'essai {uai}", school_year=2026, academie="Poitiers"
    )
    roster = build_demo_roster(pupils=PUPILS, uai=uai, school_year=2026, name=establishment.name)
    files = list(roster.files.items())
    print(
        f"# {machine()}; database: {os.environ.get('DATABASE_URL', '?').split('@')[-1]}", flush=True
    )
    try:
        figures = {}
        for label in ("first_run", "reimport"):
            started = time.perf_counter()
            roster_import = roster_import_files(establishment=establishment, files=files)
            figures[label] = time.perf_counter() - started
            if roster_import.status != RosterImport.Status.DONE:
                print(f"échec de l'import : {roster_import.error}", file=sys.stderr)
                return 1
            if label == "first_run":
                accounts = sum(roster_import.report["accounts_created"].values())
            else:
                assert sum(roster_import.report["accounts_created"].values()) == 0
        report(f"import_{PUPILS}_pupils_first_run_s", figures["first_run"], "s")
        report(f"import_{PUPILS}_pupils_reimport_s", figures["reimport"], "s")
        report(f"import_{PUPILS}_pupils_accounts", accounts, "accounts")
    finally:
        User.objects.filter(
            Q(pupil__establishment=establishment)
            | Q(guardian_records__establishment=establishment)
            | Q(staff_records__establishment=establishment)
        ).delete()
        establishment.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
