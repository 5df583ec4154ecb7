"""A real Celery worker on Redis executes a task the application enqueued.

Runs when REDIS_URL points at a Redis server and the database is a server database (the worker is
another process: it must reach the same test database). CI sets both.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="nécessite REDIS_URL (Redis réel)"),
]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("le worker doit partager une base serveur (PostgreSQL)")
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_queue():
    """Starts `celery worker` on a queue of its own, so no other worker can steal the task."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        print(output)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_roster_import_it_was_sent(celery_worker_queue):
    from accounts.models import Establishment, Pupil, RosterImport
    from accounts.roster.demo import build_demo_roster
    from accounts.services import roster_import_create
    from accounts.tasks import roster_import_run_task

    establishment = Establishment.objects.create(
        uai="0860123X", name="Collège Marcel Pagnol", school_year=2026
    )
    roster = build_demo_roster(pupils=40, seed=7, uai=establishment.uai, school_year=2026)
    roster_import = roster_import_create(
        establishment=establishment,
        name="export.zip",
        content=roster.zip_bytes(),
        actor=None,
        enqueue=False,
    )
    assert roster_import.status == RosterImport.Status.PENDING

    roster_import_run_task.apply_async(args=[roster_import.pk], queue=celery_worker_queue)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        roster_import.refresh_from_db()
        if roster_import.status in {RosterImport.Status.DONE, RosterImport.Status.FAILED}:
            break
        time.sleep(0.5)
    assert roster_import.status == RosterImport.Status.DONE, roster_import.error
    assert roster_import.finished_at is not None
    assert Pupil.objects.filter(establishment=establishment).count() >= 40
