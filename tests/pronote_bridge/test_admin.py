"""The secretariat's Pronote pages: settings that register the CAS service, the upload and its
report, lines settled by hand, the export of the ENT logins; each scoped to the establishment."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from pronote_bridge.models import PronoteEntLink, PronoteImport, PronoteSettings
from sso.models import RegisteredService
from tests.factories import EstablishmentFactory
from tests.portal.test_dashboard import session_queries

from .conftest import PRONOTE, csv_file

pytestmark = pytest.mark.django_db

SETTINGS_ADD = reverse("admin:pronote_bridge_pronotesettings_add")
IMPORT_ADD = reverse("admin:pronote_bridge_pronoteimport_add")
EXPORT = reverse("admin:pronote_bridge_pronoteimport_export")


def settings_form(**fields):
    return {
        "base_url": PRONOTE,
        "mobile_url": "",
        "identification": "pronote_ent",
        "is_active": "on",
        **fields,
    }


def test_saving_the_settings_registers_the_establishment_s_cas_service(
    secretary_client, secretary, seeded_data
):
    other = EstablishmentFactory()
    response = secretary_client.post(
        SETTINGS_ADD, settings_form(establishment=other.pk, base_url=PRONOTE.rstrip("/"))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    settings = PronoteSettings.objects.get()
    assert settings.establishment_id == secretary.establishment_id  # never another school's
    assert settings.base_url == PRONOTE
    service = settings.registered_service
    assert (service.establishment_id, service.url, service.identity_mode) == (
        secretary.establishment_id,
        PRONOTE,
        "pronote_ent",
    )
    assert service.application.slug == "pronote" and service.is_active
    assert sorted(service.profiles) == ["eleve", "enseignant", "parent", "personnel"]
    assert AuditEvent.objects.filter(action="pronote.settings_saved", actor=secretary).exists()
    # Changed: the same service follows.
    change = reverse("admin:pronote_bridge_pronotesettings_change", args=[settings.pk])
    secretary_client.post(
        change, settings_form(identification="pronote_ent_attribute", is_active="")
    )
    service.refresh_from_db()
    assert (service.identity_mode, service.attribute_profile, service.is_active) == (
        "login",
        "pronote_ent",
        False,
    )
    assert RegisteredService.objects.filter(establishment=secretary.establishment).count() == 1
    # A second configuration for the same school cannot be added.
    assert secretary_client.get(SETTINGS_ADD).status_code == 403


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://user@pronote.example/pronote/", "sans identifiants"),
        (PRONOTE + "parent.html", "sans page .html"),
    ],
)
def test_a_bad_address_is_refused(secretary_client, url, message):
    response = secretary_client.post(SETTINGS_ADD, settings_form(base_url=url))
    assert response.status_code == 200 and message in response.content.decode()
    assert not PronoteSettings.objects.exists()
    assert not RegisteredService.objects.filter(establishment__isnull=False).exists()


def test_deleting_the_settings_stops_the_service(secretary_client, pronote_settings):
    delete = reverse("admin:pronote_bridge_pronotesettings_delete", args=[pronote_settings.pk])
    assert secretary_client.post(delete, {"post": "yes"}).status_code == 302
    assert not PronoteSettings.objects.exists()
    assert not RegisteredService.objects.get(establishment__isnull=False).is_active
    assert AuditEvent.objects.filter(action="pronote.settings_deleted").exists()


def upload(client, content: bytes, name="Identifiants_PRONOTE.csv"):
    from accounts.models import Establishment

    establishment = Establishment.objects.get(uai="0860123X")
    return client.post(
        IMPORT_ADD,
        {"establishment": establishment.pk, "file": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_upload_report_and_settle_by_hand(secretary_client, school, secretary):
    response = upload(
        secretary_client,
        csv_file(
            "ÉLÉONORE;Léa;02/03/2013;5 A;Élève;PRN-LEA",
            "BERNARD;Hugo;01/06/2012;;Élève;PRN-HUGO",
            "NOUVEL;Arrivant;01/09/2014;6 C;Élève;PRN-NEW",
            encoding="cp1252",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report_url = response["Location"]
    page = secretary_client.get(report_url)
    text = page.content.decode()
    assert "Lignes à traiter (2)" in text
    assert "h.bernard — BERNARD Hugo" in text and "h.bernard2 — BERNARD Hugo" in text
    assert "PRN-NEW" in text and "Windows-1252" in text
    pronote_import = PronoteImport.objects.get()
    hugo = pronote_import.rows.get(identifier="PRN-HUGO")
    new = pronote_import.rows.get(identifier="PRN-NEW")
    # A wrong identifiant typed: refused on the line, nothing written.
    refused = secretary_client.post(report_url, {"row": new.pk, "username": "inconnu"})
    assert refused.status_code == 200
    assert "Aucun compte de cet établissement" in refused.content.decode()
    # The candidate picked, then the other line linked by typing an identifiant.
    assert secretary_client.post(report_url, {"row": hugo.pk, "account": school["hugo_b"].pk})[
        "Location"
    ].endswith(report_url)
    secretary_client.post(report_url, {"row": new.pk, "username": "H.BERNARD"})
    assert dict(PronoteEntLink.objects.values_list("identifier", "user__username")) == {
        "PRN-LEA": "l.eleonore",
        "PRN-HUGO": "h.bernard2",
        "PRN-NEW": "h.bernard",
    }
    final = secretary_client.get(report_url).content.decode()
    assert "Lignes à traiter (0)" in final and "reliée à h.bernard2" in final


def test_a_refused_upload_says_why_and_writes_nothing(secretary_client, school):
    response = upload(secretary_client, "Nom;Prénom\r\nA;B\r\n".encode("utf-16"))
    text = response.content.decode()
    assert response.status_code == 200 and "UTF-16" in text and "rien n'a été modifié" in text
    assert not PronoteImport.objects.exists() and not PronoteEntLink.objects.exists()


def test_an_import_of_another_school_is_not_found(secretary_client, school):
    other = EstablishmentFactory()
    theirs = PronoteImport.objects.create(establishment=other, original_name="b.csv", encoding="x")
    url = reverse("admin:pronote_bridge_pronoteimport_change", args=[theirs.pk])
    assert secretary_client.get(url).status_code == 404
    assert secretary_client.post(url, {"row": 1}).status_code == 404


def test_the_report_costs_a_fixed_number_of_queries(
    secretary_client, school, django_assert_num_queries
):
    upload(
        secretary_client,
        csv_file(*[f"INCONNU{n};X;;;;PRN{n}" for n in range(30)], "BERNARD;Hugo;;;;PRN-H"),
    )
    url = reverse(
        "admin:pronote_bridge_pronoteimport_change", args=[PronoteImport.objects.get().pk]
    )
    # user, its two permission reads, the import, the lines to settle, their candidates, the
    # lines settled, the admin's header (establishment) and sidebar (may a setting be added).
    with django_assert_num_queries(9 + session_queries()):
        assert secretary_client.get(url).status_code == 200


def test_the_export_lists_the_ent_logins_of_the_establishment(secretary_client, school, secretary):
    response = secretary_client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Nom", "Prénom", "Date de naissance", "Classe", "Profil", "Identifiant"]
    assert ["ÉLÉONORE", "Léa", "02/03/2013", "5 A", "Élève", "l.eleonore"] in rows
    assert ["ÉLÉONORE", "Marie", "", "5 A", "Responsable", "m.eleonore"] in rows
    assert ["DURAND", "Paul", "15/01/1980", "", "Professeur", "p.durand"] in rows
    assert ["LEROY", "Anne", "15/01/1980", "", "Personnel", "a.leroy"] in rows
    assert len(rows) == 1 + 7
    assert AuditEvent.objects.filter(action="pronote.logins_exported", actor=secretary).exists()


def test_the_export_of_another_school_is_not_given(secretary_client, school):
    other = EstablishmentFactory()
    response = secretary_client.get(EXPORT, {"etablissement": other.pk})
    assert response.status_code == 404


def test_the_export_costs_a_fixed_number_of_queries(
    secretary_client, school, django_assert_num_queries
):
    # user, two permission reads, the establishment, pupils, guardians' classes, guardians,
    # staff, the audit record in its savepoint (3).
    with django_assert_num_queries(11 + session_queries()):
        secretary_client.get(EXPORT)


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_other_admin_pages_cost_a_fixed_number_of_queries(
    secretary_client, school, pronote_settings
):
    """Each list costs the same with 1 or 6 rows (list_select_related, scoping in one query)."""
    from pronote_bridge.services import pronote_import_create

    pages = [
        reverse("admin:pronote_bridge_pronotesettings_changelist"),
        reverse("admin:pronote_bridge_pronotesettings_change", args=[pronote_settings.pk]),
        reverse("admin:pronote_bridge_pronoteentlink_changelist"),
        reverse("admin:pronote_bridge_pronoteimport_changelist"),
        IMPORT_ADD,
    ]

    def one_more_of_each(n):
        pronote_import_create(
            establishment=school["establishment"],
            name=f"x{n}.csv",
            content=csv_file(f"ÉLÉONORE;Léa;;;Élève;PRN-{n}", f"LEROY;Anne;;;;PRN-D{n}"),
            actor=None,
        )

    one_more_of_each(0)
    for url in pages:  # Django's per-process caches (content types) warmed up
        secretary_client.get(url)
    before = [_count(secretary_client, url) for url in pages]
    for n in range(1, 6):
        one_more_of_each(n)
    after = [_count(secretary_client, url) for url in pages]
    assert before == after
    # session, user, two permission reads, the header's establishment, the sidebar, the page.
    assert after == [n + session_queries() for n in (9, 8, 8, 8, 7)], after
