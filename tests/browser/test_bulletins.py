"""The secretariat's bulletins in a real browser (Debian chromium): with the demo « Secrétariat »
group's permissions, the secretariat asks for the bulletins of a class in the admin, is refused
for a level without a locked bilan, watches the progress page reach 100 % and downloads the PDF
(read back with pypdf). Every screen: axe-core, and a screenshot on the desktop and at 360 px (no
horizontal overflow)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.urls import reverse
from pypdf import PdfReader

from accounts.management.commands.load_demo import SECRETARIAT_APPS, SECRETARIAT_PERMISSIONS
from accounts.models import AuditEvent, User
from livret.bulletins import period_label
from livret.models import BulletinBatch
from tests.browser.helpers import log_in as _log_in
from tests.evaluations.conftest import cahier_school  # noqa: F401 - the fixtures
from tests.evaluations.conftest import notes as notes_world  # noqa: F401
from tests.factories import PupilFactory, UserFactory
from tests.livret.conftest import livret, lock  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _bulletins_dir(settings, tmp_path):
    settings.LIVRET_BULLETINS_DIR = tmp_path / "bulletins"
    settings.CELERY_TASK_ALWAYS_EAGER = True


def _demo_secretary(establishment):
    """An admin user of the establishment in a group with the demo Secrétariat's permissions."""
    wanted = Q(content_type__app_label__in=SECRETARIAT_APPS)
    for app_label, models in SECRETARIAT_PERMISSIONS.items():
        for model, actions in models.items():
            wanted |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.set(Permission.objects.filter(wanted))
    user = UserFactory(
        username="c.dubois",
        first_name="Claire",
        last_name="DUBOIS",
        profile=User.Profile.PERSONNEL,
        establishment=establishment,
        is_staff=True,
        accepted_charter_version=99,
    )
    user.groups.add(group)
    return User.objects.get(pk=user.pk)  # changing groups rotates the session stamp


def test_the_secretariat_prints_a_class_and_downloads_the_pdf(
    live_server,
    browser_page,
    look,
    livret,  # noqa: F811
):
    world = livret
    eclair = PupilFactory(
        establishment=world["a"], division=world["division"], first_name="Adèle", last_name="ÉCLAIR"
    )
    for pupil in (world["classmate"], world["pupil"], eclair):
        lock(world, pupil=pupil)
    secretary = _demo_secretary(world["a"])
    page = browser_page
    _log_in(page, live_server, secretary)

    page.goto(live_server.url + reverse("admin:livret_bulletinbatch_changelist"))
    page.get_by_role("link", name="Ajouter lot de bulletins").click()
    page.get_by_role("heading", name="Imprimer des bulletins").wait_for()
    look("bulletins-demande")

    # A level with no locked bilan: refused in French, nothing created.
    page.get_by_label("Un niveau").check()
    page.get_by_label("Niveau :").select_option("3")
    page.get_by_label("Période :").select_option(label=period_label(world["period"]))
    page.get_by_role("button", name="Générer le PDF des bulletins").click()
    page.get_by_text("Aucun bilan verrouillé pour le niveau 3e").wait_for()
    look("bulletins-refus")
    assert not BulletinBatch.objects.exists()

    page.get_by_label("Une classe").check()
    page.get_by_label("Classe :").select_option(label="4 A")
    page.get_by_role("button", name="Générer le PDF des bulletins").click()
    page.get_by_text("La génération des bulletins a commencé.").wait_for()
    page.locator("#batch-percent", has_text="100 %").wait_for()
    page.get_by_text("3 / 3 bulletins").wait_for()
    look("bulletins-progression")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF des bulletins").click()
    content = download.value.path().read_bytes()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    headings = [
        line.strip() for text in pages for line in text.splitlines() if " — classe 4 A" in line
    ]
    assert headings == [
        "Adèle ÉCLAIR — classe 4 A",
        f"{world['pupil'].first_name} {world['pupil'].display_last_name} — classe 4 A",
        "Zoé ZOLA — classe 4 A",
    ]
    assert AuditEvent.objects.filter(action="livret.bulletins.download").count() == 1

    page.goto(live_server.url + reverse("admin:livret_bulletinbatch_changelist"))
    page.get_by_role("link", name="Télécharger").wait_for()
    look("bulletins-liste")
