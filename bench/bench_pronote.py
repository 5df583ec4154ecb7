#!/usr/bin/env python3
"""Import time of a 1,500-line "identifiants PRONOTE" file (Pronote's "Exporter les identifiants
PRONOTE"), in-process on PostgreSQL: the bench collège's pupils, guardians and staff with an
account as Pronote would list them (every twentieth line a person Cartable does not know, every
fiftieth without class nor birth date), read, matched and linked by
``pronote_bridge.services.pronote_import_create`` in its one transaction. Reported: the best and
the median of ``BENCH_REPEAT`` imports (each replaces the previous links), and the SQL queries
of one import (constant whatever the number of lines).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django  # noqa: E402

LINES = int(os.environ.get("BENCH_PRONOTE_LINES", "1500"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))


def export_lines(establishment) -> list[str]:
    from accounts.models import Guardian, Pupil, StaffMember

    lines: list[str] = []
    pupils = (
        Pupil.objects.current()
        .filter(establishment=establishment, account__isnull=False)
        .select_related("division")
        .order_by("pk")
    )
    for pupil in pupils:
        plain = len(lines) % 50 == 0
        birth = "" if plain or not pupil.birth_date else f"{pupil.birth_date:%d/%m/%Y}"
        division = "" if plain or not pupil.division else pupil.division.code
        lines.append(f"{pupil.last_name};{pupil.first_name};{birth};{division};Élève;E{pupil.pk}")
    for guardian in Guardian.objects.filter(
        establishment=establishment, account__isnull=False, left_on__isnull=True
    ).order_by("pk"):
        lines.append(f"{guardian.last_name};{guardian.first_name};;;Responsable;R{guardian.pk}")
    for member in StaffMember.objects.filter(
        establishment=establishment, account__isnull=False
    ).order_by("pk"):
        lines.append(f"{member.last_name};{member.first_name};;;Professeur;P{member.pk}")
    lines = lines[:LINES]
    for n in range(0, len(lines), 20):
        lines[n] = f"INCONNU{n};Personne;01/01/2013;;Élève;X{n}"
    return lines


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Establishment
    from bench.fixtures import BENCH_UAI, ensure_bench_college
    from pronote_bridge.services import pronote_import_create

    ensure_bench_college(pupils=600)
    establishment = Establishment.objects.get(uai=BENCH_UAI)
    lines = export_lines(establishment)
    content = ("Nom;Prénom;Né(e) le;Classe;Profil;Identifiant\r\n" + "\r\n".join(lines)).encode(
        "cp1252"
    )
    timings = []
    with CaptureQueriesContext(connection) as queries:
        done = pronote_import_create(
            establishment=establishment, name="bench.csv", content=content, actor=None
        )
    query_count = len(queries.captured_queries)
    for _ in range(REPEAT):
        started = time.perf_counter()
        pronote_import_create(
            establishment=establishment, name="bench.csv", content=content, actor=None
        )
        timings.append(time.perf_counter() - started)
    print(
        f"{len(lines)} lignes ({len(content) // 1024} ko, Windows-1252) : {done.matched_count} "
        f"reliées, {done.ambiguous_count} ambiguës, {done.unmatched_count} non reconnues"
    )
    report("pronote_import_1500_lines_s_best", min(timings), "s")
    report("pronote_import_1500_lines_s_median", statistics.median(timings), "s")
    report("pronote_import_queries", query_count, "queries")


if __name__ == "__main__":
    main()
