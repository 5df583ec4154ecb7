"""The registered services in the admin: a secretariat manages its own establishment's."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import AuditEvent
from sso.models import RegisteredService
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:sso_registeredservice_add")


@pytest.fixture
def secretary_client(client, secretary):
    secretary.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="sso", codename__endswith="registeredservice"
        )
    )
    client.force_login(secretary)
    return client


def form(**fields):
    return {
        "name": "SACoche",
        "url": "https://sacoche.sesamath.net/sacoche/",
        "entry_url": "",
        "profiles": ["eleve", "enseignant"],
        "identity_mode": "login",
        "attribute_profile": "default",
        "single_logout": "on",
        "logout_url": "",
        "is_active": "on",
        **fields,
    }


def test_a_secretary_registers_a_service_of_their_establishment(secretary_client, secretary):
    other = EstablishmentFactory()
    response = secretary_client.post(ADD_URL, form(establishment=other.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    service = RegisteredService.objects.get(name="SACoche")
    assert service.establishment_id == secretary.establishment_id
    assert service.profiles == ["eleve", "enseignant"]
    assert AuditEvent.objects.filter(action="admin.cas_service.add").exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://user@sacoche.example/",
        "https://sacoche.example/a\\b",
        "ftp://sacoche.example/",
        "https://sacoche.example/a/%2e%2e%2fb",
    ],
)
def test_an_address_that_is_not_a_plain_prefix_is_refused(secretary_client, url):
    response = secretary_client.post(ADD_URL, form(url=url))
    assert response.status_code == 200
    assert not RegisteredService.objects.filter(name="SACoche").exists()


def test_the_form_offers_the_registered_modes_and_profiles(secretary_client):
    page = secretary_client.get(ADD_URL).content.decode()
    assert "Identifiant Cartable" in page
    assert "Pronote (nom, prenom, dateNaissance, codePostal, categories)" in page
    assert "Parent / responsable légal" in page


def test_a_secretary_does_not_see_other_establishments_services(secretary_client, establishment):
    RegisteredService.objects.create(
        name="Ici", url="https://ici.example/", establishment=establishment
    )
    RegisteredService.objects.create(
        name="Ailleurs", url="https://b.example/", establishment=EstablishmentFactory()
    )
    RegisteredService.objects.create(name="Académie", url="https://aca.example/")
    page = secretary_client.get(reverse("admin:sso_registeredservice_changelist")).content.decode()
    assert "Ici" in page and "Ailleurs" not in page and "Académie" not in page
