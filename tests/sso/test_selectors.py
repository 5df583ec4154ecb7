import pytest

from sso.models import RegisteredService
from sso.selectors import logout_redirect_allowed, registered_service_for, service_for_application
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_the_establishments_own_service_beats_the_academies_and_the_longest_prefix_wins(
    establishment, pronote_tile
):
    academy = RegisteredService.objects.create(
        name="A", url="https://ent.example/", application=pronote_tile
    )
    own = RegisteredService.objects.create(
        name="B", url="https://ent.example/", establishment=establishment, application=pronote_tile
    )
    deeper = RegisteredService.objects.create(name="C", url="https://ent.example/sacoche/")
    other = EstablishmentFactory()
    ids = [establishment.pk]
    assert registered_service_for(service_url="https://ent.example/x", establishment_ids=ids) == own
    assert (
        registered_service_for(service_url="https://ent.example/x", establishment_ids=[other.pk])
        == academy
    )
    assert (
        registered_service_for(service_url="https://ent.example/sacoche/a", establishment_ids=ids)
        == deeper
    )
    assert service_for_application(application_slug=pronote_tile.slug, establishment_ids=ids) == own
    assert (
        service_for_application(application_slug=pronote_tile.slug, establishment_ids=[other.pk])
        == academy
    )


def test_logout_redirects_to_any_active_registered_service(establishment):
    RegisteredService.objects.create(
        name="B", url="https://b.example/", establishment=establishment
    )
    RegisteredService.objects.create(name="Off", url="https://off.example/", is_active=False)
    assert logout_redirect_allowed("https://b.example/bye")
    assert not logout_redirect_allowed("https://off.example/")
    assert not logout_redirect_allowed("https://b.example@evil.example/")
