"""Admin pages of the roster import: upload, progress (meta refresh, <progress>), report, scoping."""

import html
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Pupil, RosterImport, User
from accounts.services import roster_import_create, roster_import_progress_key
from tests.factories import EstablishmentFactory, UserFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "siecle"
NAMES = ("ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml", "sts_emp_0860123X_2026.xml")
ADD_URL = reverse("admin:accounts_rosterimport_add")


def export_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in NAMES:
            archive.write(FIXTURES / name, name)
    return buffer.getvalue()


def text(response) -> str:
    return html.unescape(response.content.decode())


def grant_imports(user):
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_rosterimport", "add_rosterimport"])
    )
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(grant_imports(secretary))
    return client


@pytest.fixture
def other_school_client(client, db):
    other = EstablishmentFactory(uai="0170001Y", name="Collège Jean Moulin")
    staff = UserFactory(
        username="b.autre", profile=User.Profile.PERSONNEL, establishment=other, is_staff=True
    )
    client.force_login(grant_imports(staff))
    return client


def test_upload_runs_the_import_and_shows_the_report(
    secretary_client, establishment, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    page = secretary_client.get(ADD_URL)
    assert page.status_code == 200
    assert "Importer un export SIECLE ou STS" in page.content.decode()
    assert list(page.context["form"].fields["establishment"].queryset) == [establishment]

    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(
            ADD_URL,
            {
                "establishment": establishment.pk,
                "file": SimpleUploadedFile(
                    "ExportXML.zip", export_zip(), content_type="application/zip"
                ),
            },
        )

    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:accounts_rosterimport_change", args=[roster_import.pk]
    )
    page = secretary_client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert '<strong id="import-status">Terminé</strong>' in body
    assert '<progress id="import-progress" max="100" value="100">100 %</progress>' in body
    assert 'http-equiv="refresh"' not in body
    assert '<th scope="row">Élèves</th><td class="number">8</td>' in body
    assert "7 élèves, 9 parents, 3 enseignants, 2 autres personnels" in body
    assert "Élèves sans classe</strong> (1)" in body
    assert "Élève BERNARD Hugo (ELEVE_ID 1005) sans classe." in body
    assert "Deux mères responsables légales" in body
    assert roster_import.created_by.username == "a.secretariat"
    assert Pupil.objects.filter(establishment=establishment).count() == 8


def test_pending_import_page_refreshes_itself(secretary_client, establishment):
    roster_import = roster_import_create(
        establishment=establishment,
        name="ExportXML.zip",
        content=export_zip(),
        actor=None,
        enqueue=False,
    )

    body = secretary_client.get(
        reverse("admin:accounts_rosterimport_change", args=[roster_import.pk])
    ).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in body
    assert '<strong id="import-status">En attente</strong>' in body
    assert '<progress id="import-progress" max="100" value="0">0 %</progress>' in body
    assert "cette page se met à jour toute seule" in body


def test_running_import_page_shows_live_progress(secretary_client, establishment):
    roster_import = roster_import_create(
        establishment=establishment,
        name="ExportXML.zip",
        content=export_zip(),
        actor=None,
        enqueue=False,
    )
    RosterImport.objects.filter(pk=roster_import.pk).update(
        status=RosterImport.Status.RUNNING, total=80
    )
    # The import's own transaction is not committed yet: the live figures are in the cache.
    cache.set(roster_import_progress_key(roster_import.pk), (30, 80))

    body = secretary_client.get(
        reverse("admin:accounts_rosterimport_change", args=[roster_import.pk])
    ).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in body
    assert '<strong id="import-status">En cours</strong>' in body
    assert '<progress id="import-progress" max="100" value="37">37 %</progress>' in body
    assert "(30 / 80 fiches)" in body


def test_failed_import_page_shows_the_reason(secretary_client, establishment):
    roster_import = RosterImport.objects.create(
        establishment=establishment,
        original_name="vieux.zip",
        status=RosterImport.Status.FAILED,
        error="Le fichier « vieux.zip » est l'export de l'année 2024-2025.",
    )

    body = text(
        secretary_client.get(reverse("admin:accounts_rosterimport_change", args=[roster_import.pk]))
    )

    assert "L'import a échoué : Le fichier « vieux.zip » est l'export de l'année 2024-2025." in body
    assert 'http-equiv="refresh"' not in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.xml", b"%PDF-1.4", "n'est ni un fichier XML ni une archive zip"),
        ("notes.xml", b"<?xml version='1.0'?><NOTES/>", "son élément racine est « NOTES »"),
        ("archive.zip", b"PK\x03\x04abc", "est endommagée"),
        ("liste.csv", b"nom;prenom", "Déposez un fichier .zip ou .xml"),
    ],
)
def test_bad_files_get_a_clear_error_and_store_nothing(
    secretary_client, establishment, name, content, message
):
    response = secretary_client.post(
        ADD_URL, {"establishment": establishment.pk, "file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    body = text(response)
    assert message in body and "Le fichier n'a pas été importé" in body
    assert RosterImport.objects.count() == 0


def test_file_of_another_year_is_refused_at_upload(secretary_client, establishment):
    establishment.school_year = 2027
    establishment.save(update_fields=["school_year"])

    response = secretary_client.post(
        ADD_URL,
        {
            "establishment": establishment.pk,
            "file": SimpleUploadedFile("ExportXML.zip", export_zip()),
        },
    )

    body = text(response)
    assert "alors que l'année en cours de Collège Marcel Pagnol est 2027-2028" in body
    assert "Import refusé : aucune donnée n'a été modifiée." in body
    assert RosterImport.objects.count() == 0


def test_upload_limit(secretary_client, establishment, settings):
    settings.CARTABLE_IMPORT_MAX_BYTES = 1024

    response = secretary_client.post(
        ADD_URL,
        {
            "establishment": establishment.pk,
            "file": SimpleUploadedFile("ExportXML.zip", export_zip()),
        },
    )

    assert "Le fichier est trop volumineux" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_staff_of_another_establishment_cannot_see_or_target_it(other_school_client, establishment):
    roster_import = roster_import_create(
        establishment=establishment,
        name="ExportXML.zip",
        content=export_zip(),
        actor=None,
        enqueue=False,
    )

    response = other_school_client.get(
        reverse("admin:accounts_rosterimport_change", args=[roster_import.pk])
    )
    assert response.status_code == 404
    listing = other_school_client.get(reverse("admin:accounts_rosterimport_changelist"))
    assert list(listing.context["cl"].result_list) == []
    upload = other_school_client.post(
        ADD_URL,
        {
            "establishment": establishment.pk,
            "file": SimpleUploadedFile("ExportXML.zip", export_zip()),
        },
    )
    assert "Choisissez votre établissement." in upload.content.decode()
    assert RosterImport.objects.count() == 1


def test_changelist_shows_progress_of_own_imports(
    secretary_client, establishment, django_assert_max_num_queries
):
    for _ in range(3):
        roster_import_create(
            establishment=establishment,
            name="ExportXML.zip",
            content=export_zip(),
            actor=None,
            enqueue=False,
        )

    with django_assert_max_num_queries(12):
        response = secretary_client.get(reverse("admin:accounts_rosterimport_changelist"))

    assert len(response.context["cl"].result_list) == 3
    assert response.content.decode().count('<progress max="100" value="0">') == 3


def test_staff_without_the_permission_gets_403(client, secretary):
    client.force_login(secretary)
    assert client.get(ADD_URL).status_code == 403
