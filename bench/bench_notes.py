#!/usr/bin/env python3
"""The mark book: saving a full grid (30 pupils × 1 devoir) and the family's NOTES page under
concurrent load, with their SQL queries.

The grid: ``evaluations.services.marks_save`` timed in-process on the bench database (the same
transaction a teacher's POST runs: locked read, one bulk insert, one bulk update, the audit),
first save then a second save changing every cell. NOTES: a real gunicorn (gthread workers) on
loopback with production settings (PostgreSQL, Redis sessions and cache), a logged-in parent
whose child's class has a school year of devoirs (every service of the class: 12 devoirs a
trimestre, marks for the whole class, a skill item every other devoir), and `wrk` sharing the
same cores. Targets: a grid save under 100 ms of server time with the same number of queries
for 30 pupils as for 2; NOTES ≥ 300 requests/s with p99 < 50 ms on 2 cores. The server's CPU
per request and the load average are printed too.
"""

import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    page_under_load,
    percentile,
    report,
    setup_django,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "20"))
SAVES = int(os.environ.get("BENCH_NOTES_SAVES", "30"))
DEVOIRS_PER_PERIOD = 12


def bench_world():
    """The bench parent's child, a class of 30 around them, a teacher of the class, the year's
    three trimestres."""
    from accounts.models import (
        Establishment,
        GuardianLink,
        Pupil,
        StaffMember,
        Subject,
        TeachingService,
        User,
    )
    from bench.fixtures import BENCH_UAI, active_accounts
    from evaluations.models import Period

    school = Establishment.objects.get(uai=BENCH_UAI)
    (identifier,) = active_accounts("parent", 1)
    parent = User.objects.get(username=identifier)
    child = (
        GuardianLink.objects.legal()
        .filter(guardian__account=parent)
        .select_related("pupil__establishment")
        .order_by("pupil__first_name", "pupil__last_name", "pupil_id")
        .first()
        .pupil
    )
    division_id = child.division_id
    missing = 30 - Pupil.objects.current().filter(division_id=division_id).count()
    if missing > 0:  # top the class up to 30 with pupils of the other classes
        extra = (
            Pupil.objects.current().filter(establishment=school).exclude(division_id=division_id)
        )
        Pupil.objects.filter(pk__in=list(extra.values_list("pk", flat=True)[:missing])).update(
            division_id=division_id
        )
    account, _ = User.objects.get_or_create(
        username="bench.notes",
        defaults={"profile": User.Profile.ENSEIGNANT, "establishment": school, "is_active": True},
    )
    member, _ = StaffMember.objects.get_or_create(
        establishment=school,
        sts_id="bench-notes",
        defaults={
            "function": StaffMember.Function.TEACHER,
            "account": account,
            "last_name": "NOTES",
        },
    )
    subject, _ = Subject.objects.get_or_create(
        establishment=school, code="BENCH2", defaults={"label": "FRANÇAIS (BANC)"}
    )
    service, _ = TeachingService.objects.get_or_create(
        establishment=school, teacher=member, subject=subject, division_id=division_id
    )
    year = school.school_year
    if not Period.objects.filter(establishment=school, school_year=year).exists():
        march = datetime.date(year + 1, 3, 1)
        for number, (start, end) in enumerate(
            (
                (datetime.date(year, 9, 1), datetime.date(year, 11, 30)),
                (datetime.date(year, 12, 1), march - datetime.timedelta(days=1)),
                (march, datetime.date(year + 1, 7, 4)),
            ),
            start=1,
        ):
            Period.objects.create(
                establishment=school, school_year=year, number=number, starts_on=start, ends_on=end
            )
    return identifier, child, account, service


def fill_a_year(child) -> int:
    """Every service of the child's class: DEVOIRS_PER_PERIOD devoirs a trimestre with the class's
    marks, a skill item and its levels every other devoir (once). Returns the child's marks."""
    from accounts.models import TeachingService
    from accounts.school import services_of_pupil_q
    from evaluations.models import Devoir, Mark, Period, SkillItem, SkillLevel
    from evaluations.selectors import service_pupils

    periods = list(
        Period.objects.filter(
            establishment_id=child.establishment_id, school_year=child.establishment.school_year
        ).order_by("starts_on")
    )
    for service in TeachingService.objects.active().filter(services_of_pupil_q(child)).distinct():
        if Devoir.objects.filter(service=service).exists():
            continue
        pupils = list(service_pupils(service))
        devoirs = Devoir.objects.bulk_create(
            Devoir(
                establishment_id=service.establishment_id,
                service=service,
                period=period,
                title=f"Devoir {n + 1}",
                date=period.starts_on + datetime.timedelta(days=n * 6),
                out_of=Decimal(10 if n % 4 == 1 else 20),
                coefficient=Decimal((1, 2, "0.5")[n % 3]),
                is_optional=n % 7 == 6,
                visible_from=period.starts_on + datetime.timedelta(days=n * 6 + 2),
            )
            for period in periods
            for n in range(DEVOIRS_PER_PERIOD)
        )
        Mark.objects.bulk_create(
            Mark(
                devoir=devoir,
                pupil=pupil,
                value=None
                if (pupil.pk + index) % 23 == 0
                else Decimal((pupil.pk + index) % 11 + 5) * devoir.out_of / 20,
                status="ABS" if (pupil.pk + index) % 23 == 0 else "",
                comment="Bon travail." if index % 5 == 0 else "",
            )
            for index, devoir in enumerate(devoirs)
            for pupil in pupils
        )
        items = SkillItem.objects.bulk_create(
            SkillItem(
                establishment_id=service.establishment_id,
                service=service,
                period=devoir.period,
                devoir=devoir,
                component="MET_APP",
                label=f"Compétence du {devoir.title}",
                date=devoir.date,
                visible_from=devoir.visible_from,
            )
            for devoir in devoirs[::2]
        )
        SkillLevel.objects.bulk_create(
            SkillLevel(item=item, pupil=pupil, level=1 + (pupil.pk + n) % 4)
            for n, item in enumerate(items)
            for pupil in pupils
        )
    return Mark.objects.filter(pupil=child).count()


def bench_grid(teacher, service) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.school import school_role
    from evaluations.grid import Cell, canonical
    from evaluations.models import Devoir, Period
    from evaluations.selectors import service_pupils
    from evaluations.services import marks_save

    pupils = list(service_pupils(service))
    ids = {p.pk for p in pupils}
    period = (
        Period.objects.filter(establishment_id=service.establishment_id)
        .order_by("starts_on")
        .first()
    )
    role = school_role(teacher)
    firsts, changes, queries = [], [], []
    for index in range(SAVES):
        devoir = Devoir.objects.create(
            establishment_id=service.establishment_id,
            service=service,
            period=period,
            title=f"Grille {index}",
            date=period.starts_on,
            visible_from=timezone.localdate(),
        )
        before = {p.pk: "" for p in pupils}
        for bucket, shift in ((firsts, 0), (changes, 3)):
            cells = [
                Cell(
                    pupil_id=p.pk,
                    text="",
                    value=Decimal((p.pk + index + shift) % 21),
                    original=before[p.pk],
                )
                for p in pupils
            ]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = marks_save(
                    actor=teacher, role=role, devoir=devoir, cells=cells, pupil_ids=ids
                )
                bucket.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured))
            assert result.written == len(pupils) and not result.conflicts
            before = {c.pupil_id: canonical(c.value, "") for c in cells}
        devoir.delete()
    print(f"grid: {len(pupils)} pupils, {SAVES} devoirs saved twice")
    report("notes_grid_30_server_ms_p50", percentile(firsts, 0.5), "ms")
    report("notes_grid_30_server_ms_p99", percentile(firsts, 0.99), "ms")
    report("notes_grid_30_change_server_ms_p50", percentile(changes, 0.5), "ms")
    report("notes_grid_30_queries", max(queries), "queries")


def queries_per_page(identifier: str, path: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.fixtures import BENCH_PASSWORD

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=identifier, password=BENCH_PASSWORD)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
    report("queries_notes_famille", len(queries), "queries")
    report("notes_page_kb", len(response.content) / 1024, "KiB")


def main() -> None:
    setup_django()
    from bench.fixtures import ensure_bench_college

    ensure_bench_college()
    identifier, child, teacher, service = bench_world()
    marks = fill_a_year(child)
    print(f"NOTES of the child: {marks} marks over the year")
    bench_grid(teacher, service)
    path = f"/teleservices/eleve/{child.pk}/notes/"
    queries_per_page(identifier, path)

    page_under_load(
        "notes",
        identifier=identifier,
        path=path,
        expect="Moyenne générale",
        what="NOTES",
        workers=WORKERS,
        threads=THREADS,
        connections=CONNECTIONS,
        duration_s=DURATION_S,
    )


if __name__ == "__main__":
    main()
