#!/usr/bin/env python3
"""The family's VIE SCOLAIRE page under concurrent load, and the appel of a class of 30.

A real gunicorn (gthread workers) on loopback with production settings (PostgreSQL, Redis
sessions and cache), a logged-in parent whose child has a term of events (absences in several
states with justifications, retards, a punition, observations), and `wrk` sharing the same cores.
Targets: ≥ 300 requests/s with p99 < 50 ms on 2 cores; an appel of 30 pupils in one transaction
under 100 ms of server time. The server's CPU per request and the load average are printed too:
on a machine shared with other work, req/s and p99 say as much about the neighbours as about
Cartable.
"""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    cpu_ns,
    family_cookie,
    gunicorn,
    parse_wrk,
    percentile,
    report,
    setup_django,
    worker_pids,
    wrk_or_exit,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "20"))
APPELS = int(os.environ.get("BENCH_APPELS", "30"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "60"))


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def a_term_of_events(pupil, cpe_user, parent) -> None:
    """``EVENTS`` events over the last weeks (every kind), a third of the absences justified."""
    from django.utils import timezone

    from core.schoolyear import current_school_year
    from vie_scolaire.models import Event, Justification, Motive

    Event.objects.filter(pupil=pupil).delete()
    motive = Motive.objects.filter(establishment_id=pupil.establishment_id).first()
    start = timezone.now() - datetime.timedelta(days=EVENTS)
    kinds = ("absence", "retard", "absence", "observation", "punition", "encouragement")
    events = Event.objects.bulk_create(
        Event(
            establishment_id=pupil.establishment_id,
            pupil=pupil,
            kind=kinds[i % len(kinds)],
            school_year=current_school_year(),
            starts_at=start + datetime.timedelta(days=i, hours=8),
            ends_at=start + datetime.timedelta(days=i, hours=10),
            half_days=1,
            hours=2,
            minutes=10,
            motive=motive,
            status=("non_motivee", "motivee", "justifiee", "non_justifiee")[i % 4]
            if kinds[i % len(kinds)] == "absence"
            else "",
            nature="retenue",
            text="Travail non rendu, bavardages pendant l'exercice.",
            work_to_do="Exercices 4 et 5 page 62.",
            recorded_by=cpe_user,
        )
        for i in range(EVENTS)
    )
    Justification.objects.bulk_create(
        Justification(
            event=event,
            submitted_by=parent,
            motive=motive,
            comment="Rendez-vous médical.",
            status="acceptee",
            answer="Merci.",
            answered_by=cpe_user,
            answered_at=timezone.now(),
        )
        for event in events
        if event.kind == "absence" and event.status == "justifiee"
    )


def bench_world():
    """A teacher of a class of 30 and a CPE in the bench collège; a parent and their child."""
    from accounts.models import (
        Division,
        Establishment,
        GuardianLink,
        Pupil,
        StaffMember,
        Subject,
        TeachingService,
        User,
    )
    from bench.fixtures import BENCH_UAI, active_accounts

    school = Establishment.objects.get(uai=BENCH_UAI)
    (identifier,) = active_accounts("parent", 1)
    parent = User.objects.get(username=identifier)
    child = (
        GuardianLink.objects.filter(guardian__account=parent).select_related("pupil").first().pupil
    )

    def staff(username, function, profile):
        account, _ = User.objects.get_or_create(
            username=username,
            defaults={"profile": profile, "establishment": school, "is_active": True},
        )
        member, _ = StaffMember.objects.get_or_create(
            establishment=school,
            sts_id=f"bench-{username}",
            defaults={"function": function, "account": account, "last_name": username.upper()},
        )
        return account, member

    cpe, _ = staff("bench.cpe", StaffMember.Function.EDUCATION, User.Profile.PERSONNEL)
    teacher, member = staff("bench.prof", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    division = Division.objects.filter(establishment=school).order_by("code").first()
    pupils = Pupil.objects.current().filter(division=division)
    missing = 30 - pupils.count()
    if missing > 0:  # top the class up to 30 with pupils of the next classes
        extra = Pupil.objects.current().filter(establishment=school).exclude(division=division)
        Pupil.objects.filter(pk__in=list(extra.values_list("pk", flat=True)[:missing])).update(
            division=division
        )
    subject, _ = Subject.objects.get_or_create(
        establishment=school, code="BENCH1", defaults={"label": "MATHÉMATIQUES"}
    )
    service, _ = TeachingService.objects.get_or_create(
        establishment=school, teacher=member, subject=subject, division=division
    )
    return identifier, parent, child, cpe, teacher, service


def bench_appel(teacher, service) -> None:
    from accounts.school import school_role
    from core.schoolyear import current_school_year, school_year_bounds
    from vie_scolaire.models import Event, RollCall
    from vie_scolaire.selectors import roll_call_pupils
    from vie_scolaire.services import Mark, roll_call_take

    RollCall.objects.filter(service=service).delete()
    pupils = roll_call_pupils(service)
    role = school_role(teacher)
    first, _ = school_year_bounds(current_school_year())
    timings, again = [], []
    for index in range(APPELS):
        day = first + datetime.timedelta(days=index)
        marks = {p.pk: Mark("absent") for p in pupils[index % 5 : index % 5 + 3]}
        marks[pupils[-1].pk] = Mark("retard", 5)
        for bucket in (timings, again):  # the first call, then the same slot taken again
            started = time.perf_counter()
            roll_call_take(
                role=role,
                actor=teacher,
                service_id=service.pk,
                day=day,
                starts_at=datetime.time(8),
                ends_at=datetime.time(9),
                marks=marks,
            )
            bucket.append((time.perf_counter() - started) * 1000)
            marks = {pupils[index % 5].pk: Mark("absent")}
    print(
        f"appel: {len(pupils)} pupils, {APPELS} slots, {Event.objects.filter(roll_call__service=service).count()} events"
    )
    report("appel_30_server_ms_p50", percentile(timings, 0.5), "ms")
    report("appel_30_server_ms_p99", percentile(timings, 0.99), "ms")
    report("appel_30_again_server_ms_p50", percentile(again, 0.5), "ms")
    RollCall.objects.filter(service=service).delete()
    Event.objects.filter(roll_call__isnull=True, pupil__in=pupils, recorded_by=teacher).delete()


def queries_per_page(identifier, path, child) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.common import cpu_ms_per_request
    from bench.fixtures import BENCH_PASSWORD
    from vie_scolaire.cache import family_versions_bump

    def miss() -> None:
        # A write of the vie scolaire: the page and the list's fragment are rendered again.
        family_versions_bump([child.pk])

    def drop_pages() -> None:
        cache.delete_pattern("page:teleservices:*")  # Redis (django_redis) only

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=identifier, password=BENCH_PASSWORD)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
    report("queries_vie_scolaire_family_page", len(queries), "queries")
    miss()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    report("queries_vie_scolaire_family_page_not_cached", len(queries), "queries")
    report("vie_scolaire_page_kb", len(response.content) / 1024, "KiB")
    # One request at a time, in this process: the page served from the cache, then rendered.
    report("vie_scolaire_cpu_ms_per_page_cached", cpu_ms_per_request(client, path), "ms")
    report(
        "vie_scolaire_cpu_ms_per_page_rendered",
        cpu_ms_per_request(client, path, before=miss, count=30),
        "ms",
    )
    # The page rendered again with its section's fragment still cached (before the whole-page
    # cache, every request cost this).
    report(
        "vie_scolaire_cpu_ms_per_page_rendered_fragment_cached",
        cpu_ms_per_request(client, path, before=drop_pages, count=30),
        "ms",
    )


def main() -> None:
    setup_django()
    from bench.fixtures import ensure_bench_college

    ensure_bench_college()
    identifier, parent, child, cpe, teacher, service = bench_world()
    a_term_of_events(child, cpe, parent)
    bench_appel(teacher, service)
    path = f"/teleservices/eleve/{child.pk}/vie-scolaire/"
    queries_per_page(identifier, path, child)

    wrk = wrk_or_exit()
    with gunicorn(workers=WORKERS, threads=THREADS, worker_class="gthread") as (base_url, master):
        cookie = family_cookie(
            base_url, identifier, path, expect="Vie scolaire", what="la page VIE SCOLAIRE"
        )
        command = [
            wrk,
            "--latency",
            "-t2",
            f"-c{CONNECTIONS}",
            "-H",
            f"Cookie: {cookie}",
            base_url + path,
        ]
        subprocess.run([*command[:3], "-c2", "-d3s", *command[4:]], capture_output=True, check=True)
        time.sleep(1)
        workers = worker_pids(master.pid)
        load_before = loadavg()
        cpu_before = sum(cpu_ns(pid) for pid in workers)
        result = subprocess.run(
            [*command[:4], f"-d{DURATION_S}s", *command[4:]],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu_used = sum(cpu_ns(pid) for pid in workers) - cpu_before
        load_after = loadavg()
    figures = parse_wrk(result.stdout)
    requests = figures["requests_per_s"] * DURATION_S
    print(
        f"gunicorn gthread: {WORKERS} workers × {THREADS} threads, wrk connections: {CONNECTIONS}, "
        f"duration: {DURATION_S} s, {EVENTS} events on the page; load average before {load_before}, after {load_after}"
    )
    report("vie_scolaire_requests_per_s", figures["requests_per_s"], "req/s")
    report("vie_scolaire_latency_ms_p50", figures.get("p50_ms", 0), "ms")
    report("vie_scolaire_latency_ms_p99", figures.get("p99_ms", 0), "ms")
    report("vie_scolaire_server_cpu_ms_per_request", cpu_used / 1e6 / max(1, requests), "ms")
    if figures["non_2xx"]:
        print(f"non-2xx responses: {figures['non_2xx']:.0f}")
        sys.exit(1)


if __name__ == "__main__":
    main()
