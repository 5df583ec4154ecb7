#!/usr/bin/env python3
"""The family's CAHIER DE TEXTES page (Scolarité services) under concurrent load, and its SQL
queries.

A real gunicorn (gthread workers) on loopback with production settings (PostgreSQL, Redis
sessions and cache, cached templates), a logged-in parent whose child's class and groups hold a
school year of cahier de textes (every service of the class: two séances a week and their
travail à faire, each given at the lesson before, about 1,500 rows for the child, a third of
the coming ones ticked « Fait »), and
`wrk` sharing the same 2 cores. Targets: ≥ 300 requests/s with p99 < 50 ms. The machine may be
shared: the server's CPU time per request and the load average are reported too.
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    page_under_load,
    report,
    setup_django,
)

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "20"))


def fill_a_year(pupil) -> int:
    """A school year of séances and travail à faire for every service of the pupil's class and
    groups (once); returns how many entries the pupil's cahier holds."""
    from django.db.models import Q
    from django.utils import timezone

    from accounts.models import TeachingGroup, TeachingService
    from cahier_de_textes.models import Homework, HomeworkDone, Seance
    from core.schoolyear import school_year_bounds

    groups = TeachingGroup.pupils.through.objects.filter(pupil_id=pupil.pk).values(
        "teachinggroup_id"
    )
    where = Q(division_id=pupil.division_id) | Q(group_id__in=groups)
    today = timezone.localdate()
    first, last = school_year_bounds(pupil.establishment.school_year)
    if not Seance.objects.filter(where).exists():
        services = list(TeachingService.objects.active().filter(where))
        for service in services:
            days = [
                first + datetime.timedelta(days=n)
                for n in range((last - first).days + 1)
                if (first + datetime.timedelta(days=n)).weekday()
                in {service.pk % 5, (service.pk + 2) % 5}
            ]
            fields = {
                "establishment_id": service.establishment_id,
                "division_id": service.division_id,
                "group_id": service.group_id,
                "subject_id": service.subject_id,
                "teacher_id": service.teacher_id,
            }
            seances = Seance.objects.bulk_create(
                Seance(
                    **fields,
                    date=day,
                    starts_at=datetime.time(8 + service.pk % 8, 0),
                    ends_at=datetime.time(8 + service.pk % 8, 55),
                    title=f"Séance du {day:%d/%m}",
                    content="<p>Reprise de la leçon, exercices d'application.</p><ul><li>Cours</li><li>Exercices</li></ul>",
                )
                for day in days
                if day <= today + datetime.timedelta(days=7)
            )
            homework = Homework.objects.bulk_create(
                Homework(
                    **fields,
                    due_on=day,
                    # Given at the lesson before: visible from then on.
                    published_on=min(days[index - 1] if index else day, day),
                    description="<p>Exercices 4 et 5 p. 212, relire la leçon.</p>",
                    estimated_minutes=30,
                    seance=seances[index - 1] if 0 < index <= len(seances) else None,
                )
                for index, day in enumerate(days)
            )
            HomeworkDone.objects.bulk_create(
                [HomeworkDone(homework=h, pupil=pupil) for h in homework[::3] if h.due_on >= today],
                ignore_conflicts=True,
            )
    return Seance.objects.filter(where).count() + Homework.objects.filter(where).count()


def queries_per_page(identifier: str, path: str) -> None:
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.roster_version import _bump as drop_cached_pages
    from bench.common import cpu_ms_per_request
    from bench.fixtures import BENCH_PASSWORD

    def miss() -> None:
        # A roster change: the page and the cahier's own fragment are rendered again.
        drop_cached_pages()
        caches["fragments"].clear()

    def drop_pages() -> None:
        cache.delete_pattern("page:teleservices:*")  # Redis (django_redis) only

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=identifier, password=BENCH_PASSWORD)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
    report("queries_cahier_de_textes_famille", len(queries), "queries")
    miss()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    report("queries_cahier_de_textes_famille_not_cached", len(queries), "queries")
    report("cahier_page_kb", len(response.content) / 1024, "KiB")
    # One request at a time, in this process: the page served from the cache, then rendered.
    report("cahier_cpu_ms_per_page_cached", cpu_ms_per_request(client, path), "ms")
    report(
        "cahier_cpu_ms_per_page_rendered",
        cpu_ms_per_request(client, path, before=miss, count=30),
        "ms",
    )
    # The page rendered again with its section's fragment still cached (before the whole-page
    # cache, every request cost this).
    report(
        "cahier_cpu_ms_per_page_rendered_fragment_cached",
        cpu_ms_per_request(client, path, before=drop_pages, count=30),
        "ms",
    )
    # ACCUEIL of the same child (the homework due soon, the vie scolaire's news).
    home = path.removesuffix("cahier-de-textes/")
    report("accueil_cpu_ms_per_page_cached", cpu_ms_per_request(client, home), "ms")
    report(
        "accueil_cpu_ms_per_page_rendered",
        cpu_ms_per_request(client, home, before=miss, count=30),
        "ms",
    )


def main() -> None:
    setup_django()
    from accounts.models import GuardianLink, User
    from bench.fixtures import active_accounts, ensure_bench_college

    ensure_bench_college()
    (identifier,) = active_accounts("parent", 1)
    link = (
        GuardianLink.objects.legal()
        .of_current_pupils()
        .filter(guardian__account=User.objects.get(username=identifier))
        .select_related("pupil__establishment")
        .order_by("pupil__first_name", "pupil__last_name", "pupil_id")
        .first()
    )
    pupil = link.pupil
    entries = fill_a_year(pupil)
    print(f"cahier de textes of the child: {entries} séances and travaux à faire")
    path = f"/teleservices/eleve/{pupil.pk}/cahier-de-textes/"
    queries_per_page(identifier, path)

    page_under_load(
        "cahier",
        identifier=identifier,
        path=path,
        expect="Travail à faire",
        what="le cahier de textes",
        workers=WORKERS,
        threads=THREADS,
        connections=CONNECTIONS,
        duration_s=DURATION_S,
    )


if __name__ == "__main__":
    main()
