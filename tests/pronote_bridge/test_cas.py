"""A real CAS client (python-cas, in the small CAS-protected service of tests/sso run as its own
process) opened from the Pronote page validates Cartable's ticket over HTTP and receives the
"identifiant PRONOTE-ENT" — as ``cas:user`` or as an attribute, as the establishment chose."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from pronote_bridge.models import PronoteEntLink, PronoteSettings
from pronote_bridge.services import pronote_settings_save
from tests.sso.test_cas_client import start_service

from .conftest import logged_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pronote_service(live_server, establishment):
    """The test service as the establishment's Pronote (its espaces under /app/)."""
    started = []

    def start(version: str, identification: str):
        service = start_service(live_server, version)
        started.append(service)
        pronote_settings_save(
            settings=PronoteSettings(
                establishment=establishment, base_url=service.url, identification=identification
            ),
            actor=None,
        )
        return service

    yield start
    for service in started:
        service.process.terminate()
        service.process.wait(timeout=10)


def open_pronote(service, browser) -> tuple[int, dict]:
    """From Cartable's Pronote page to the espace, through /cas/login; the service validates the
    ticket with python-cas."""
    cas = browser.get(reverse("pronote_bridge:open"))
    assert cas.status_code == 302
    login = browser.get(cas["Location"])
    if login.status_code != 302:
        return login.status_code, {"page": login.content.decode()}
    back = login["Location"]
    assert back.startswith(service.url + "eleve.html?ticket=ST-")
    status, headers, _ = service.get(back)
    return status, headers


@pytest.mark.parametrize("version", ["2", "3", "CAS_2_SAML_1_0"])
def test_the_pronote_ent_identifier_is_released_as_cas_user(pronote_service, school, version):
    service = pronote_service(version, PronoteSettings.Identification.PRONOTE_ENT)
    PronoteEntLink.objects.create(
        establishment=school["establishment"],
        user=school["lea"],
        identifier="PRN-LEA-42",
        source="import",
    )
    status, _ = open_pronote(service, logged_in(school["lea"]))
    assert status == 302, "ticket refusé par le client CAS"
    (session,) = service.state()["sessions"]
    assert session["user"] == "PRN-LEA-42"
    assert session["attributes"]["categories"] == "National_1"
    assert session["attributes"]["dateNaissance"] == "02/03/2013"


def test_the_identifier_as_an_attribute_beside_the_login(pronote_service, school):
    service = pronote_service("3", PronoteSettings.Identification.PRONOTE_ENT_ATTRIBUTE)
    PronoteEntLink.objects.create(
        establishment=school["establishment"],
        user=school["lea"],
        identifier="PRN-LEA-42",
        source="manual",
    )
    status, _ = open_pronote(service, logged_in(school["lea"]))
    assert status == 302
    (session,) = service.state()["sessions"]
    assert session["user"] == "l.eleonore"
    assert session["attributes"]["identifiantPronoteEnt"] == "PRN-LEA-42"


def test_an_account_not_linked_gets_no_ticket_and_is_told(pronote_service, school):
    service = pronote_service("3", PronoteSettings.Identification.PRONOTE_ENT)
    status, page = open_pronote(service, logged_in(school["lea"]))
    assert status == 403
    assert "pas encore relié à cette application" in page["page"]
    assert not service.state()["sessions"]


def test_the_identifier_of_another_establishment_is_never_released(pronote_service, school):
    from tests.factories import EstablishmentFactory

    service = pronote_service("3", PronoteSettings.Identification.PRONOTE_ENT)
    PronoteEntLink.objects.create(
        establishment=EstablishmentFactory(),
        user=school["lea"],
        identifier="PRN-ELSEWHERE",
        source="import",
    )
    status, _ = open_pronote(service, logged_in(school["lea"]))
    assert status == 403
    assert urlsplit(service.url).path == "/app/"
