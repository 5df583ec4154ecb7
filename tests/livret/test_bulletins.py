"""A class's bulletins as one PDF for the secretariat: asked for in the admin, generated in the
background with progress, downloadable by the staff of the establishment only, deleted by the
daily sweep once expired."""

from __future__ import annotations

import datetime
import html
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEvent, User
from livret.models import BulletinBatch
from tests.factories import PupilFactory, UserFactory
from tests.livret.conftest import lock
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

ADD = reverse("admin:livret_bulletinbatch_add")
CHANGELIST = reverse("admin:livret_bulletinbatch_changelist")
# The change list outside the session: the user, their permissions and their groups'
# permissions, the two counts, the page of batches (with who asked for them), the site header's
# establishment.
QUERIES = 7


def _change(batch):
    return reverse("admin:livret_bulletinbatch_change", args=[batch.pk])


def _pdf(batch):
    return reverse("admin:livret_bulletinbatch_pdf", args=[batch.pk])


def text(response) -> str:
    """The page as read: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def _secretary(establishment, username):
    user = UserFactory(
        username=username,
        profile=User.Profile.PERSONNEL,
        establishment=establishment,
        is_staff=True,
    )
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="livret"))
    user.groups.add(group)
    user.refresh_from_db()  # changing groups rotates the session stamp (accounts)
    return user


@pytest.fixture
def secretary(livret):
    return _secretary(livret["a"], "s.secretariat")


@pytest.fixture
def class_locked(livret):
    """Three locked bilans in 4 A (« ÉCLAIR » sorts before « ELEVE… » whatever the accent), and
    a fourth pupil whose bilan is still in preparation: not printed."""
    eclair = PupilFactory(
        establishment=livret["a"],
        division=livret["division"],
        first_name="Adèle",
        last_name="ÉCLAIR",
    )
    PupilFactory(
        establishment=livret["a"], division=livret["division"], first_name="Paul", last_name="AARON"
    )
    for pupil in (livret["classmate"], livret["pupil"], eclair):
        lock(livret, pupil=pupil)
    livret["eclair"] = eclair
    return livret


def _ask(client, world, division=None, period=None, capture=None, scope="division", level=""):
    data = {
        "scope": scope,
        "division": (division or world["division"]).pk if scope == "division" else "",
        "level": level,
        "period": (period or world["period"]).pk,
    }
    if capture is None:
        return client.post(ADD, data)
    with capture(execute=True):
        return client.post(ADD, data)


def _names(pupils):
    return [f"{p.first_name} {p.display_last_name} — classe" for p in pupils]


def test_the_secretariat_prints_a_class_in_one_pdf(
    client, class_locked, secretary, django_capture_on_commit_callbacks
):
    world = class_locked
    client.force_login(secretary)
    assert "Imprimer des bulletins" in text(client.get(ADD))
    response = _ask(client, world, capture=django_capture_on_commit_callbacks)
    batch = BulletinBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == _change(batch)
    assert batch.division_code == "4 A" and batch.period_label.startswith(str(world["period"]))
    assert batch.scope == "division" and batch.scope_label == "Classe 4 A"
    assert AuditEvent.objects.filter(
        action="livret.bulletins.request", target_id=str(batch.pk)
    ).exists()

    page = text(client.get(_change(batch)))
    assert "Terminé" in page and "100 %" in page and "3 / 3 bulletins" in page
    assert "Classe 4 A" in page
    assert "Télécharger le PDF des bulletins" in page and 'http-equiv="refresh"' not in page

    pdf = client.get(_pdf(batch))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    cache_control = {part.strip() for part in pdf["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "attachment" in pdf["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    pages = [page.extract_text() for page in reader.pages]
    expected = _names([world["eclair"], world["pupil"], world["classmate"]])
    starts = [
        (number, name) for number, page in enumerate(pages) for name in expected if name in page
    ]
    # Each pupil on their own page(s), from a new page that opens with the title, in order.
    assert [name for _, name in starts] == expected
    assert all("Bilan périodique" in pages[number] for number, _ in starts)
    assert len({number for number, _ in starts}) == 3
    assert not any("AARON" in page for page in pages)  # bilan in preparation: not printed
    assert AuditEvent.objects.filter(action="livret.bulletins.download").count() == 1


def test_a_class_without_a_locked_bilan_is_refused_and_nothing_is_created(
    client, livret, secretary, django_capture_on_commit_callbacks
):
    lock(livret)  # 4 A has one; 4 B has none
    other = livret["other_service"].division
    client.force_login(secretary)
    response = _ask(client, livret, division=other, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Aucun bilan verrouillé pour la classe 4 B" in text(response)
    assert not BulletinBatch.objects.exists()
    assert not AuditEvent.objects.filter(action="livret.bulletins.request").exists()


def test_the_progress_page_refreshes_while_the_batch_runs(client, class_locked, secretary):
    batch = BulletinBatch.objects.create(
        establishment=class_locked["a"],
        division=class_locked["division"],
        division_code="4 A",
        period=class_locked["period"],
        period_label="1er trimestre",
        status=BulletinBatch.Status.RUNNING,
        processed=1,
        total=4,
    )
    client.force_login(secretary)
    page = text(client.get(_change(batch)))
    assert "25 %" in page and 'http-equiv="refresh"' in page and "se met à jour" in page
    assert client.get(_pdf(batch)).status_code == 404  # not generated yet


def test_another_schools_staff_get_404_on_the_batch_and_its_pdf(
    client, class_locked, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    _ask(client, class_locked, capture=django_capture_on_commit_callbacks)
    batch = BulletinBatch.objects.get()
    client.force_login(_secretary(class_locked["b"], "s.autre"))
    assert client.get(_change(batch)).status_code == 404
    assert client.get(_pdf(batch)).status_code == 404
    assert (
        client.post(reverse("admin:livret_bulletinbatch_pdf_delete", args=[batch.pk])).status_code
        == 404
    )
    assert str(batch) not in text(client.get(CHANGELIST))
    # Another school's class or period cannot be chosen either.
    response = _ask(client, class_locked)
    assert response.status_code == 200 and BulletinBatch.objects.count() == 1
    assert not AuditEvent.objects.filter(action="livret.bulletins.download").exists()


def test_the_secretariat_deletes_the_pdf_after_printing(
    client, class_locked, secretary, django_capture_on_commit_callbacks, _bulletins_dir
):
    client.force_login(secretary)
    _ask(client, class_locked, capture=django_capture_on_commit_callbacks)
    batch = BulletinBatch.objects.get()
    assert len(list(_bulletins_dir.glob("*.pdf"))) == 1
    client.post(reverse("admin:livret_bulletinbatch_pdf_delete", args=[batch.pk]))
    assert not list(_bulletins_dir.glob("*.pdf"))
    assert client.get(_pdf(batch)).status_code == 404
    assert "n'est plus disponible" in text(client.get(_change(batch)))
    assert AuditEvent.objects.filter(action="livret.bulletins.delete").count() == 1


def test_the_sweep_deletes_the_expired_pdf_then_the_batch(
    client, class_locked, secretary, django_capture_on_commit_callbacks, _bulletins_dir
):
    from livret.retention import RULES

    client.force_login(secretary)
    _ask(client, class_locked, capture=django_capture_on_commit_callbacks)
    batch = BulletinBatch.objects.get()
    assert batch.pdf_expires_at - batch.finished_at == datetime.timedelta(hours=72)
    [path] = _bulletins_dir.glob("*.pdf")
    rules = {rule.key: rule for rule in RULES}
    assert rules["livret_bulletins_pdf"].run(timezone.now()) == 0
    assert path.is_file()  # not expired yet
    assert rules["livret_bulletins_pdf"].run(timezone.now() + datetime.timedelta(hours=73)) == 1
    assert not path.exists()
    batch.refresh_from_db()
    assert batch.pdf_deleted_at is not None
    assert client.get(_pdf(batch)).status_code == 404
    assert rules["livret_lots_bulletins"].run(timezone.now()) == 0
    assert rules["livret_lots_bulletins"].run(timezone.now() + datetime.timedelta(days=91)) == 1
    assert not BulletinBatch.objects.exists()


def test_the_change_list_costs_the_same_for_one_batch_or_five(
    client, class_locked, secretary, django_assert_num_queries
):
    def batches(n):
        BulletinBatch.objects.bulk_create(
            BulletinBatch(
                establishment=class_locked["a"],
                division=class_locked["division"],
                division_code="4 A",
                period=class_locked["period"],
                period_label="1er trimestre",
                created_by=secretary,
                status=BulletinBatch.Status.DONE,
                pdf_path=f"bulletins-{i}.pdf",
                pdf_expires_at=timezone.now() + datetime.timedelta(hours=1),
            )
            for i in range(n)
        )

    client.force_login(secretary)
    batches(1)
    client.get(CHANGELIST)
    with django_assert_num_queries(QUERIES + session_queries()):
        page = text(client.get(CHANGELIST))
    assert page.count("Télécharger") == 1
    batches(4)
    with django_assert_num_queries(QUERIES + session_queries()):
        page = text(client.get(CHANGELIST))
    assert page.count("Télécharger") == 5


def test_the_progress_bar_moves_while_the_pdf_is_drawn(class_locked, secretary, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from livret import conf
    from livret.bulletins import bulletin_batch_create, bulletin_batch_run

    monkeypatch.setattr(conf, "BULLETIN_PROGRESS_EVERY", 1)
    batch = bulletin_batch_create(
        establishment=class_locked["a"],
        division=class_locked["division"],
        period=class_locked["period"],
        created_by=secretary,
    )
    assert (batch.processed, batch.total, batch.percent) == (0, 3, 0)
    with CaptureQueriesContext(connection) as queries:
        batch = bulletin_batch_run(batch_id=batch.pk)
    steps = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "livret_bulletinbatch" SET "processed"')
    ]
    assert len(steps) == 3  # after each of the three pupils
    assert batch.status == BulletinBatch.Status.DONE and batch.percent == 100


def test_a_class_deleted_before_the_run_fails_with_a_french_message(
    client, class_locked, secretary
):
    from livret.bulletins import bulletin_batch_create, bulletin_batch_run

    batch = bulletin_batch_create(
        establishment=class_locked["a"],
        division=class_locked["division"],
        period=class_locked["period"],
        created_by=secretary,
    )
    # A roster import removed the class meanwhile (the foreign key is SET_NULL).
    BulletinBatch.objects.filter(pk=batch.pk).update(division=None)
    batch = bulletin_batch_run(batch_id=batch.pk)
    assert batch.status == BulletinBatch.Status.FAILED and not batch.pdf_path
    client.force_login(secretary)
    page = text(client.get(_change(batch)))
    assert "La génération a échoué" in page and "La classe ou la période a été supprimée" in page
