from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import User
from sso.models import ServiceTicket
from tests.factories import EstablishmentFactory, PupilFactory, UserFactory
from tests.portal.test_dashboard import session_queries

from .conftest import (
    CAS,
    PRONOTE,
    failure_code,
    logged_in,
    login_ticket,
    ticket_from,
    validate,
)

pytestmark = pytest.mark.django_db


def test_open_sso_tile_goes_through_cas_login_and_comes_back_with_a_ticket(
    parent_with_children, pronote
):
    client = logged_in(parent_with_children)
    response = client.get(reverse("sso:open", kwargs={"slug": "pronote-college"}))
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/cas/login?" + "service=" + "https%3A%2F%2F0860123x.index-education.net%2Fpronote%2F"
    )
    service, ticket = ticket_from(client.get(response["Location"]))
    assert service == PRONOTE
    assert ticket.startswith("ST-") and len(ticket) >= 3 + 32
    success = validate(PRONOTE, ticket).find(f"{CAS}authenticationSuccess")
    assert success.findtext(f"{CAS}user") == "s.martin"
    attributes = success.find(f"{CAS}attributes")
    assert attributes.findtext(f"{CAS}categories") == "National_2"
    assert attributes.findtext(f"{CAS}nom") == "MARTIN"


def test_open_sso_tile_uses_the_entry_address(parent_with_children, pronote):
    pronote.entry_url = PRONOTE + "parent.html"
    pronote.save()
    response = logged_in(parent_with_children).get(
        reverse("sso:open", kwargs={"slug": "pronote-college"})
    )
    assert "parent.html" in response["Location"]


def test_open_sso_tile_without_a_service_for_the_establishment_is_refused(
    parent_with_children, pronote
):
    pronote.establishment = EstablishmentFactory()
    pronote.save()
    response = logged_in(parent_with_children).get(
        reverse("sso:open", kwargs={"slug": "pronote-college"})
    )
    assert response.status_code == 403
    assert "pas encore configurée pour votre établissement" in response.content.decode()


def test_open_plain_link_redirects_to_its_address(parent_with_children):
    response = logged_in(parent_with_children).get(
        reverse("sso:open", kwargs={"slug": "site-academique"})
    )
    assert response.status_code == 302
    assert response["Location"] == "https://www.ac-poitiers.fr/"


def test_open_is_404_for_a_profile_not_allowed(pronote, establishment):
    pupil = UserFactory(username="e.eleve", profile=User.Profile.ELEVE)
    region = UserFactory(username="r.region", profile=User.Profile.REGION)
    assert (
        logged_in(pupil).get(reverse("sso:open", kwargs={"slug": "pronote-college"})).status_code
        == 404
    )
    assert logged_in(region).get(reverse("sso:open", kwargs={"slug": "sacoche"})).status_code == 404


def test_open_is_404_for_an_inactive_or_unknown_application(parent_with_children, pronote):
    pronote.application.is_active = False
    pronote.application.save()
    client = logged_in(parent_with_children)
    assert client.get(reverse("sso:open", kwargs={"slug": "pronote-college"})).status_code == 404
    assert client.get(reverse("sso:open", kwargs={"slug": "nimporte-quoi"})).status_code == 404


def test_open_requires_login(client, pronote):
    response = client.get(reverse("sso:open", kwargs={"slug": "pronote-college"}))
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_cas_login_issues_a_ticket_for_a_page_of_an_allowed_service(teacher, pronote):
    service = PRONOTE + "professeur.html?fd=1"
    response = logged_in(teacher).get(reverse("sso:cas_login"), {"service": service})
    assert response.status_code == 302
    assert response["Location"].startswith(service + "&ticket=ST-")
    ticket = parse_qs(urlsplit(response["Location"]).query)["ticket"][0]
    root = validate(service, ticket)
    assert root.find(f"{CAS}authenticationSuccess").findtext(f"{CAS}user") == "j.prof"


@pytest.mark.parametrize(
    "service",
    [
        "https://evil.example/pronote/",
        "https://0860123x.index-education.net.evil.example/pronote/",
        "http://0860123x.index-education.net/pronote/",  # downgraded scheme
        "https://0860123x.index-education.net/autre/",
        "https://0860123x.index-education.net/pronote-evil/",
        "javascript:alert(1)",
        "//0860123x.index-education.net/pronote/",
        # Dot-segments, plain or percent-encoded, resolve outside Pronote's path.
        "https://0860123x.index-education.net/pronote/../../evil",
        "https://0860123x.index-education.net/pronote/%2e%2e/evil",
        "https://0860123x.index-education.net/pronote/./../evil/",
        "https://0860123x.index-education.net/pronote/..%2fevil",
        "https://0860123x.index-education.net/pronote/..\\evil",
        "https://evil.example\\@0860123x.index-education.net/pronote/",
        "https://0860123x.index-education.net@evil.example/pronote/",
        "https://user:pw@0860123x.index-education.net/pronote/",
        "https://0860123x.index-education.net:8443/pronote/",
        "https://0860123x.index-education.net/pronote/\n",
    ],
)
def test_cas_login_refuses_look_alike_services(teacher, pronote, service):
    response = logged_in(teacher).get(reverse("sso:cas_login"), {"service": service})
    assert response.status_code == 403
    assert "pas enregistrée auprès de Cartable" in response.content.decode()
    assert not ServiceTicket.objects.exists()


@pytest.mark.parametrize(
    "service",
    [
        "HTTPS://0860123X.Index-Education.net:443/pronote/",
        "https://0860123x.index-education.net/pronote/./parent.html",
        "https://0860123x.index-education.net/pronote/mobile/../parent.html",
    ],
)
def test_cas_login_accepts_the_same_service_written_otherwise(teacher, pronote, service):
    response = logged_in(teacher).get(reverse("sso:cas_login"), {"service": service})
    assert response.status_code == 302 and "ticket=ST-" in response["Location"]


def test_cas_login_refuses_an_unregistered_service_even_with_a_tile(teacher, pronote):
    pronote.delete()
    response = logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE})
    assert response.status_code == 403


def test_cas_login_refuses_an_inactive_service(teacher, pronote):
    pronote.is_active = False
    pronote.save()
    assert logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE}).status_code == 403


def test_cas_login_refuses_a_service_of_another_establishment(teacher, pronote):
    pronote.establishment = EstablishmentFactory()
    pronote.save()
    response = logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE})
    assert response.status_code == 403
    assert not ServiceTicket.objects.exists()


def test_cas_login_refuses_a_profile_the_service_does_not_allow(pronote, establishment):
    pupil = UserFactory(username="e.eleve", profile=User.Profile.ELEVE)
    PupilFactory(establishment=establishment, account=pupil)
    response = logged_in(pupil).get(reverse("sso:cas_login"), {"service": PRONOTE})
    assert response.status_code == 403
    assert "Votre profil ne donne pas accès" in response.content.decode()


def test_cas_login_sends_anonymous_users_to_services_en_ligne_and_back(client, pronote):
    response = client.get(reverse("sso:cas_login"), {"service": PRONOTE})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("portal:services_en_ligne")
    next_url = parse_qs(location.query)["next"][0]
    assert next_url.startswith("/cas/login?service=")
    # The profile chosen, the matching login page keeps the way back.
    chosen = client.get(location.path, {"profil": "eleve-parent", "next": next_url})
    assert chosen.status_code == 302 and "next=%2Fcas%2Flogin" in chosen["Location"]


def test_cas_login_anonymous_refuses_an_unregistered_service_at_once(client, pronote):
    response = client.get(reverse("sso:cas_login"), {"service": "https://evil.example/"})
    assert response.status_code == 403


def test_gateway_sends_an_anonymous_user_back_without_a_ticket(client, pronote):
    response = client.get(reverse("sso:cas_login"), {"service": PRONOTE, "gateway": "true"})
    assert response.status_code == 302 and response["Location"] == PRONOTE


def test_gateway_with_a_session_gets_a_ticket(teacher, pronote):
    client = logged_in(teacher)
    response = client.get(reverse("sso:cas_login"), {"service": PRONOTE, "gateway": "true"})
    assert "ticket=ST-" in response["Location"]


def test_gateway_for_a_profile_not_allowed_goes_back_without_a_ticket(pronote, establishment):
    pupil = UserFactory(username="e.eleve", profile=User.Profile.ELEVE)
    PupilFactory(establishment=establishment, account=pupil)
    response = logged_in(pupil).get(
        reverse("sso:cas_login"), {"service": PRONOTE, "gateway": "true"}
    )
    assert response.status_code == 302 and response["Location"] == PRONOTE


def test_gateway_never_redirects_to_an_unregistered_service(client, pronote):
    response = client.get(
        reverse("sso:cas_login"), {"service": "https://evil.example/", "gateway": "true"}
    )
    assert response.status_code == 403


def test_renew_asks_for_credentials_again_then_issues_a_renewed_ticket(
    parent_with_children, password, pronote
):
    parent_with_children.set_password(password)
    parent_with_children.save()
    client = logged_in(parent_with_children)
    response = client.get(reverse("sso:cas_login"), {"service": PRONOTE, "renew": "true"})
    # No ticket from the existing session: logged out, and sent to the login.
    assert response.status_code == 302 and response["Location"].startswith("/?next=")
    assert "_auth_user_id" not in client.session
    assert not ServiceTicket.objects.exists()
    next_url = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    login = client.post(
        reverse("portal:login_educonnect") + "?profil=parent&next=" + next_url.replace("&", "%26"),
        {"login": "s.martin", "password": password},
    )
    assert login.status_code == 302
    service, ticket = ticket_from(client.get(next_url))
    assert validate(PRONOTE, ticket, renew="true").find(f"{CAS}authenticationSuccess") is not None


def test_a_ticket_from_the_sso_session_fails_a_renew_validation(teacher, pronote):
    ticket = login_ticket(logged_in(teacher))
    assert failure_code(validate(PRONOTE, ticket, renew="true")) == "INVALID_TICKET"


def test_logout_redirects_only_to_a_registered_service(teacher, pronote):
    client = logged_in(teacher)
    response = client.get(reverse("sso:cas_logout"), {"service": PRONOTE + "deconnecte.html"})
    assert response.status_code == 302 and response["Location"] == PRONOTE + "deconnecte.html"
    assert "_auth_user_id" not in client.session
    evil = logged_in(teacher).get(reverse("sso:cas_logout"), {"service": "https://evil.example/"})
    assert evil.status_code == 200
    assert "Vous êtes déconnecté" in evil.content.decode()


def test_query_counts_of_a_ticket_issued_and_validated(
    parent_with_children, pronote, django_assert_num_queries
):
    client = logged_in(parent_with_children)
    login_ticket(client)  # the SSO session's id is stored once
    # session (when sessions live in the database), account, the family's establishments, the
    # matching service, the ticket
    with django_assert_num_queries(session_queries() + 4):
        ticket = login_ticket(client)
    # savepoint, spend (UPDATE), the ticket with its service and account, the guardian record,
    # release savepoint
    with django_assert_num_queries(5):
        validate(PRONOTE, ticket)
