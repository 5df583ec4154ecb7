"""The Pronote tile: the user's establishment's Pronote, the espace of their profile, through the
CAS login; a clear page when there is none; "Pronote sur mobile"."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import User
from pronote_bridge.models import PronoteSettings
from pronote_bridge.services import pronote_settings_save
from tests.factories import (
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    UserFactory,
)
from tests.portal.test_dashboard import session_queries

from .conftest import PRONOTE, logged_in

pytestmark = pytest.mark.django_db

OPEN = reverse("pronote_bridge:open")
MOBILE = reverse("pronote_bridge:mobile")


def cas_service(response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    location = urlsplit(response["Location"])
    assert location.path == reverse("sso:cas_login")
    return parse_qs(location.query)["service"][0]


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("lea", "eleve.html"),
        ("mother", "parent.html"),
        ("teacher", "professeur.html"),
        ("principal", "direction.html"),
        ("cpe", "viescolaire.html"),
    ],
)
def test_each_profile_opens_its_espace_through_the_cas_login(
    school, pronote_settings, seeded_data, who, page
):
    client = logged_in(school[who])
    tile = client.get(reverse("sso:open", kwargs={"slug": "pronote"}))
    assert tile["Location"] == OPEN
    service = cas_service(client.get(OPEN))
    assert service == PRONOTE + page
    # The CAS server issues the ticket for it: the establishment's service matches.
    login = client.get(reverse("sso:cas_login"), {"service": service})
    assert login.status_code == 302 and login["Location"].startswith(service + "?ticket=ST-")


def test_without_a_pronote_the_page_says_so(school, seeded_data):
    client = logged_in(school["mother"])
    response = client.get(reverse("sso:open", kwargs={"slug": "pronote"}), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Pronote n'est pas encore ouvert depuis Cartable pour votre établissement" in text
    # The académie-wide service of the seed points at Index Éducation's demo: switched off.
    from sso.models import RegisteredService

    assert not RegisteredService.objects.get(
        establishment__isnull=True, application__slug="pronote"
    ).is_active


def test_a_closed_pronote_is_not_opened(school, pronote_settings):
    pronote_settings.is_active = False
    pronote_settings_save(settings=pronote_settings, actor=None)
    response = logged_in(school["lea"]).get(OPEN)
    assert response.status_code == 200 and "pas encore ouvert" in response.content.decode()


def test_a_profile_without_espace_is_told(pronote_settings, establishment):
    region = UserFactory(profile=User.Profile.REGION, establishment=establishment)
    response = logged_in(region).get(OPEN)
    assert "Pas d'espace Pronote pour votre profil" in response.content.decode()


def test_a_parent_with_children_in_two_schools_chooses(school, pronote_settings):
    other = EstablishmentFactory(name="Collège Jean Moulin")
    pronote_settings_save(
        settings=PronoteSettings(
            establishment=other, base_url="https://0170999b.index-education.net/pronote/"
        ),
        actor=None,
    )
    guardian = GuardianFactory(establishment=other, account=school["mother"])
    GuardianLinkFactory(pupil=PupilFactory(establishment=other), guardian=guardian)
    client = logged_in(school["mother"])
    choice = client.get(OPEN).content.decode()
    assert "Collège Jean Moulin" in choice and f"?etablissement={other.pk}" in choice
    assert cas_service(client.get(OPEN, {"etablissement": other.pk})) == (
        "https://0170999b.index-education.net/pronote/parent.html"
    )
    # An establishment that is not the family's: nothing.
    stranger = EstablishmentFactory()
    assert client.get(OPEN, {"etablissement": stranger.pk}).status_code == 404


def test_the_mobile_page_guides_and_gives_the_mobile_address(school, pronote_settings):
    text = logged_in(school["mother"]).get(MOBILE).content.decode()
    for step in (
        "QR Code de configuration de l'application mobile",
        "4 caractères",
        "10 minutes",
        "application officielle",
        "Afficher le lien d'accès à l'espace mobile",
        PRONOTE + "mobile.parent.html",
        f'href="{OPEN}?etablissement={pronote_settings.establishment_id}"',
    ):
        assert step in text, step


def test_the_mobile_address_may_be_another_host(school, pronote_settings):
    pronote_settings.mobile_url = "https://mobile.example.fr/pronote"
    pronote_settings_save(settings=pronote_settings, actor=None)
    text = logged_in(school["lea"]).get(MOBILE).content.decode()
    assert "https://mobile.example.fr/pronote/mobile.eleve.html" in text


def test_the_mobile_page_without_pronote(school):
    text = logged_in(school["lea"]).get(MOBILE).content.decode()
    assert "adresse n'y est pas encore indiquée" in text


def test_both_pages_need_a_login(client):
    for url in (OPEN, MOBILE):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize("url", [OPEN, MOBILE])
def test_the_pages_cost_a_fixed_number_of_queries(
    school, pronote_settings, django_assert_num_queries, url
):
    client = logged_in(school["mother"])
    # user, the family (school role), the Pronote settings (and the charter check of the portal).
    with django_assert_num_queries(4 + session_queries()):
        client.get(url)
