"""Import services and task: query counts that don't grow with the roster, progress, failures that
change nothing, retries, queueing after commit, establishment creation from the files."""

from collections import Counter
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts import services, tasks
from accounts.models import Establishment, Pupil, ReservedIdentifier, RosterImport, User
from accounts.roster import siecle
from accounts.roster.demo import build_demo_roster
from accounts.roster.importer import RosterImporter, apply_exports, total_rows
from accounts.selectors import roster_import_progress
from accounts.services import (
    establishment_create_from_files,
    roster_import_create,
    roster_import_files,
    roster_import_progress_key,
)
from tests.factories import EstablishmentFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "siecle"
NAMES = ("ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml", "sts_emp_0860123X_2026.xml")


def fixture_files():
    return [(name, (FIXTURES / name).read_bytes()) for name in NAMES]


def demo_exports(pupils: int, uai: str):
    roster = build_demo_roster(pupils=pupils, uai=uai, school_year=2026)
    return siecle.parse_upload("demo.zip", roster.zip_bytes())


def count_import_queries(establishment, exports) -> Counter:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        apply_exports(establishment, exports)
    return Counter(query["sql"].split()[0].upper() for query in captured.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_pupils():
    small = EstablishmentFactory(uai="0860001A", school_year=2026)
    large = EstablishmentFactory(uai="0860002B", school_year=2026)
    small_exports, large_exports = demo_exports(50, small.uai), demo_exports(200, large.uai)

    first_small = count_import_queries(small, small_exports)
    first_large = count_import_queries(large, large_exports)
    again_small = count_import_queries(small, small_exports)
    again_large = count_import_queries(large, large_exports)

    assert Pupil.objects.filter(establishment=large).count() == 200
    # Reads are the same whatever the size; writes go in bulk.
    assert first_small["SELECT"] == first_large["SELECT"]
    if connection.vendor == "postgresql":
        assert first_small == first_large
    else:
        # SQLite caps a statement at 999 parameters, so a bulk insert of ~1,700 more rows takes
        # a few more statements (one per ~50 rows), never one per row.
        assert first_large["INSERT"] - first_small["INSERT"] <= 25
    # A re-import that changes nothing reads, compares, and writes nothing.
    assert again_small == again_large
    assert set(again_large) <= {"SELECT", "SAVEPOINT", "RELEASE"}


@pytest.mark.django_db
def test_progress_is_reported_about_every_hundred_rows(establishment):
    exports = demo_exports(150, establishment.uai)
    seen: list[int] = []

    with transaction.atomic():
        RosterImporter(establishment, progress=seen.append).run(exports)

    assert seen == sorted(seen) and seen[-1] == total_rows(exports)
    steps = [b - a for a, b in zip(seen, seen[1:-1], strict=False)]
    assert steps and all(step == 100 for step in steps)


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_runs(establishment, monkeypatch):
    roster_import = roster_import_create(
        establishment=establishment,
        name="export.zip",
        content=services.bundle_files(fixture_files())[1],
        actor=None,
        enqueue=False,
    )
    monkeypatch.setattr("accounts.roster.importer.PROGRESS_EVERY", 10)
    observed = []
    original = RosterImporter.import_staff

    def spy(self, export):
        # What the admin page would read now, from outside the import's transaction.
        current = RosterImport.objects.get(pk=roster_import.pk)
        observed.append((current.status, roster_import_progress(current)))
        return original(self, export)

    monkeypatch.setattr(RosterImporter, "import_staff", spy)
    services.roster_import_run(roster_import_id=roster_import.pk)

    status, (processed, total) = observed[0]
    assert status == RosterImport.Status.RUNNING
    assert total == 41 and 30 <= processed < total
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE and roster_import.processed == 41
    assert cache.get(roster_import_progress_key(roster_import.pk)) is None


@pytest.mark.django_db
def test_an_error_during_the_import_changes_nothing(establishment, monkeypatch):
    def broken(self, export):
        raise RuntimeError("boom")

    monkeypatch.setattr(RosterImporter, "import_staff", broken)

    roster_import = roster_import_files(establishment=establishment, files=fixture_files())

    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.error.startswith(
        "Erreur inattendue pendant l'import : aucune donnée n'a été modifiée."
    )
    assert (Pupil.objects.count(), User.objects.count(), ReservedIdentifier.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_stored_file_refused_at_run_time_fails_with_the_french_reason(establishment):
    roster_import = roster_import_create(
        establishment=establishment,
        name="export.zip",
        content=services.bundle_files(fixture_files())[1],
        actor=None,
        enqueue=False,
    )
    Establishment.objects.filter(pk=establishment.pk).update(school_year=2027)

    services.roster_import_run(roster_import_id=roster_import.pk)

    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert (
        "alors que l'année en cours de Collège Marcel Pagnol est 2027-2028" in roster_import.error
    )
    assert Pupil.objects.count() == 0


@pytest.mark.django_db
def test_task_retries_on_database_errors_then_gives_up(establishment, monkeypatch, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = False  # eager retries are replayed by apply() only then
    roster_import = roster_import_create(
        establishment=establishment,
        name="export.zip",
        content=services.bundle_files(fixture_files())[1],
        actor=None,
        enqueue=False,
    )
    calls = []

    def unavailable(*, roster_import_id):
        calls.append(roster_import_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(tasks, "roster_import_run", unavailable)

    result = tasks.roster_import_run_task.apply(args=[roster_import.pk])

    assert isinstance(result.result, OperationalError)
    assert len(calls) == tasks.roster_import_run_task.max_retries + 1
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert "La base de données est restée indisponible" in roster_import.error


@pytest.mark.django_db
def test_task_succeeds_after_a_transient_database_error(establishment, monkeypatch, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    roster_import = roster_import_create(
        establishment=establishment,
        name="export.zip",
        content=services.bundle_files(fixture_files())[1],
        actor=None,
        enqueue=False,
    )
    real = services.roster_import_run
    failures = [OperationalError("server closed the connection unexpectedly")]

    def flaky(*, roster_import_id):
        if failures:
            raise failures.pop()
        return real(roster_import_id=roster_import_id)

    monkeypatch.setattr(tasks, "roster_import_run", flaky)

    tasks.roster_import_run_task.apply(args=[roster_import.pk])

    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert Pupil.objects.filter(establishment=establishment).count() == 8


@pytest.mark.django_db(transaction=True)
def test_upload_is_queued_after_commit_and_runs(establishment, settings, secretary):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    name, content = services.bundle_files(fixture_files())

    roster_import = roster_import_create(
        establishment=establishment, name=name, content=content, actor=secretary
    )

    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert roster_import.created_by == secretary
    assert roster_import.report["counts"]["pupils"]["created"] == 8


@pytest.mark.django_db
def test_upload_checks_size_and_content_and_stores_nothing_when_refused(establishment, settings):
    settings.CARTABLE_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as too_big:
        roster_import_create(
            establishment=establishment,
            name="gros.zip",
            content=b"PK" + b"0" * (1024 * 1024),
            actor=None,
        )
    assert (
        "trop volumineux" in too_big.value.messages[0]
        and "la limite est de 1 Mo" in too_big.value.messages[0]
    )

    with pytest.raises(ValidationError) as not_xml:
        roster_import_create(
            establishment=establishment, name="notes.csv", content=b"nom;prenom", actor=None
        )
    assert "ni un fichier XML ni une archive zip" in not_xml.value.messages[0]
    assert RosterImport.objects.count() == 0


@pytest.mark.django_db
def test_establishment_created_from_the_sts_file():
    establishment = establishment_create_from_files(uai="0860123x", files=fixture_files())

    assert (establishment.uai, establishment.name) == ("0860123X", "Collège Marcel Pagnol")
    assert (establishment.school_year, establishment.academie) == (2026, "Poitiers")

    with pytest.raises(ValidationError) as caught:
        establishment_create_from_files(uai="0170001Y", files=fixture_files())
    assert caught.value.messages == ["Aucun des fichiers ne concerne l'établissement 0170001Y."]


@pytest.mark.django_db
def test_the_uploaded_export_is_deleted_once_imported(establishment):
    roster_import = roster_import_create(
        establishment=establishment,
        name="export.zip",
        content=services.bundle_files(fixture_files())[1],
        actor=None,
        enqueue=False,
    )
    stored = Path(roster_import.file.path)
    assert stored.exists()

    services.roster_import_run(roster_import_id=roster_import.pk)

    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert not stored.exists() and not roster_import.file
    assert roster_import.report["counts"]["pupils"]["created"] == 8
