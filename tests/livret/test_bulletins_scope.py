"""The bulletins of a level or of the whole establishment in one PDF: classes from 6e to 3e then
by code, pupils alphabetical inside each class, each from a new page; refused without a locked
bilan; the bilans read a chunk at a time."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent
from livret.models import Bilan, BilanSubject, BulletinBatch
from tests.factories import DivisionFactory, PupilFactory
from tests.livret.conftest import lock
from tests.livret.test_bulletins import ADD, CHANGELIST, _ask, _change, _pdf, _secretary, text

pytestmark = pytest.mark.django_db


def _locked_bilan(world, pupil):
    """A locked bilan written straight in the table (one subject), for pupils of classes the
    world's teachers do not teach."""
    period = world["period"]
    bilan = Bilan.objects.create(
        establishment=world["a"],
        pupil=pupil,
        period=period,
        school_year=period.school_year,
        period_label=str(period),
        period_number=1,
        period_count=3,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        council_on=period.ends_on,
        division_code=pupil.division.code,
        general_appreciation="Trimestre correct.",
        locked_at=timezone.now(),
        locked_by_name="M. PRINCIPAL",
    )
    BilanSubject.objects.create(
        bilan=bilan,
        subject_code="020100",
        subject_label="Français",
        teacher_sts_id="1",
        teacher_name="M. PROF",
        appreciation="Des efforts.",
    )
    return bilan


@pytest.fixture
def secretary(livret):
    return _secretary(livret["a"], "s.secretariat")


@pytest.fixture
def school_locked(livret):
    """4 A (three locked bilans, « ÉCLAIR » first) and 4 B (one) in 4e; a 6e with two, a 3e with
    one, a class of no level with one; bilans in preparation in 4 A and 6 A."""
    world = livret
    a = world["a"]
    eclair = PupilFactory(
        establishment=a, division=world["division"], first_name="Adèle", last_name="ÉCLAIR"
    )
    PupilFactory(establishment=a, division=world["division"], first_name="Paul", last_name="AARON")
    for pupil in (world["classmate"], world["pupil"], eclair):
        lock(world, pupil=pupil)
    world["eclair"] = eclair
    world["division"].level = "4"
    world["division"].save(update_fields=["level"])
    quatre_b = world["other_service"].division
    quatre_b.level = "4"
    quatre_b.save(update_fields=["level"])
    sixieme = DivisionFactory(establishment=a, code="6 A", level="6")
    troisieme = DivisionFactory(establishment=a, code="3 A", level="3")
    ulis = DivisionFactory(establishment=a, code="ULIS", level="")

    def pupil(division, first, last):
        found = PupilFactory(establishment=a, division=division, first_name=first, last_name=last)
        _locked_bilan(world, found)
        return found

    world["order"] = [
        pupil(sixieme, "Yann", "BRUN"),
        pupil(sixieme, "Léa", "ARNAUD"),
        *[world["eclair"], world["pupil"], world["classmate"]],
        pupil(quatre_b, "Hugo", "ABEL"),
        pupil(troisieme, "Nina", "COSTE"),
        pupil(ulis, "Tom", "DURAND"),
    ]
    # Sorted as printed: 6 A alphabetical first.
    world["order"][0:2] = world["order"][1::-1]
    draft = PupilFactory(establishment=a, division=sixieme, first_name="Max", last_name="AUBRY")
    Bilan.objects.filter(pk=_locked_bilan(world, draft).pk).update(locked_at=None)
    world["sixieme"] = sixieme
    return world


def _printed(client, batch):
    """The pupils' headings of the batch's PDF, in the order of the pages where they start."""
    pdf = client.get(_pdf(batch))
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    found = []
    for number, page in enumerate(reader.pages):
        for line in page.extract_text().splitlines():
            if " — classe " in line:
                found.append((number, line.strip()))
    assert len({number for number, _ in found}) == len(found)  # each from a new page
    return [line for _, line in found]


def _heading(pupil):
    return f"{pupil.first_name} {pupil.display_last_name} — classe {pupil.division.code}"


def test_the_secretariat_prints_a_level_class_after_class(
    client, school_locked, secretary, django_capture_on_commit_callbacks
):
    world = school_locked
    client.force_login(secretary)
    response = _ask(
        client, world, scope="level", level="4", capture=django_capture_on_commit_callbacks
    )
    batch = BulletinBatch.objects.get()
    assert response.status_code == 302
    assert (batch.scope, batch.level, batch.scope_label) == ("level", "4", "Niveau 4e")
    assert batch.division is None and batch.total == 4
    page = text(client.get(_change(batch)))
    assert "Niveau 4e" in page and "4 / 4 bulletins" in page and "100 %" in page
    # 4 A (alphabetical inside), then 4 B; the other levels are not printed.
    assert _printed(client, batch) == [_heading(p) for p in world["order"][2:6]]
    event = AuditEvent.objects.get(action="livret.bulletins.request")
    assert event.details["label"] == "Niveau 4e" and event.details["bilans"] == 4


def test_the_secretariat_prints_the_whole_establishment_6e_first(
    client, school_locked, secretary, django_capture_on_commit_callbacks, monkeypatch
):
    from livret import conf

    monkeypatch.setattr(conf, "BULLETIN_CHUNK", 3)  # the order holds across chunks
    world = school_locked
    client.force_login(secretary)
    _ask(client, world, scope="school", capture=django_capture_on_commit_callbacks)
    batch = BulletinBatch.objects.get()
    assert batch.scope_label == "Tout l'établissement" and batch.total == 8
    assert "Tout l'établissement" in text(client.get(CHANGELIST))
    printed = _printed(client, batch)
    assert printed == [_heading(p) for p in world["order"]]
    assert not any("AUBRY" in line for line in printed)  # in preparation
    assert not any("AARON" in line for line in printed)


def test_the_pdf_reads_the_bilans_a_chunk_at_a_time(school_locked, secretary, monkeypatch):
    """A whole school is never read at once: the bilans and their subjects come a chunk at a
    time (2 queries a chunk), whatever the number of pupils."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from livret import conf
    from livret.bulletins import bulletin_batch_create, bulletin_batch_run

    monkeypatch.setattr(conf, "BULLETIN_CHUNK", 3)
    batch = bulletin_batch_create(
        establishment=school_locked["a"],
        scope="school",
        period=school_locked["period"],
        created_by=secretary,
    )
    with CaptureQueriesContext(connection) as queries:
        batch = bulletin_batch_run(batch_id=batch.pk)
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    subjects = [sql for sql in reads if 'FROM "livret_bilansubject"' in sql]
    assert len(subjects) == 3  # 8 bilans, 3 at a time
    assert batch.status == BulletinBatch.Status.DONE and batch.processed == 8


def test_a_level_without_a_locked_bilan_is_refused_and_nothing_is_created(
    client, livret, secretary, django_capture_on_commit_callbacks
):
    lock(livret)  # one locked bilan, in 4 A (a 5e for the factories): not in the 3e
    client.force_login(secretary)
    response = _ask(
        client, livret, scope="level", level="3", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert "Aucun bilan verrouillé pour le niveau 3e" in text(response)
    response = _ask(client, livret, scope="level", level="")
    assert "Choisissez un niveau : 6e, 5e, 4e ou 3e." in text(response)
    no_class = {"scope": "division", "division": "", "period": livret["period"].pk}
    assert "Choisissez une classe de votre établissement." in text(client.post(ADD, no_class))
    assert not BulletinBatch.objects.exists()
    assert not AuditEvent.objects.filter(action="livret.bulletins.request").exists()


def test_an_establishment_without_a_locked_bilan_is_refused(client, livret, secretary):
    client.force_login(secretary)
    response = _ask(client, livret, scope="school")
    assert response.status_code == 200
    assert "Aucun bilan verrouillé pour l'établissement" in text(response)
    assert not BulletinBatch.objects.exists()


def test_a_level_batch_outlives_its_period(client, school_locked, secretary):
    from livret.bulletins import bulletin_batch_create, bulletin_batch_run

    batch = bulletin_batch_create(
        establishment=school_locked["a"],
        scope="level",
        level="6",
        period=school_locked["period"],
        created_by=secretary,
    )
    BulletinBatch.objects.filter(pk=batch.pk).update(period=None)  # the end of the year
    batch = bulletin_batch_run(batch_id=batch.pk)
    assert batch.status == BulletinBatch.Status.FAILED
    client.force_login(secretary)
    page = text(client.get(_change(batch)))
    assert "Niveau 6e" in page and "La classe ou la période a été supprimée" in page


@pytest.mark.django_db(transaction=True)
def test_the_batches_asked_before_the_scopes_become_class_batches():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import EstablishmentFactory

    before = [("livret", "0004_cyclebilan_complement")]
    after = [("livret", "0005_bulletinbatch_scope")]
    establishment = EstablishmentFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("livret", "BulletinBatch")
    old.objects.create(
        establishment_id=establishment.pk, division_code="4 A", period_label="1er trimestre"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    batch = BulletinBatch.objects.get()
    assert (batch.scope, batch.scope_label, batch.level) == ("division", "Classe 4 A", "")
    assert str(batch) == "Bulletins — Classe 4 A — 1er trimestre"
