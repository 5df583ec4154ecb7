from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import reverse

from accounts.models import User
from apps_catalog.models import Application, ApplicationAudience, Category
from tests.factories import UserFactory
from tests.portal.helpers import accept_current_charter

pytestmark = pytest.mark.django_db

CAS = "{http://www.yale.edu/tp/cas}"
PRONOTE = "https://0860123x.index-education.net/pronote/"


@pytest.fixture
def pronote():
    category = Category.objects.get(name="Vie scolaire et ressources")
    app = Application.objects.create(
        name="Pronote du collège",
        slug="pronote-college",
        url=PRONOTE,
        category=category,
        opens_with=Application.OpensWith.SSO,
    )
    for profile in (User.Profile.PARENT, User.Profile.ENSEIGNANT):
        ApplicationAudience.objects.create(application=app, profile=profile)
    return app


def logged_in(user) -> Client:
    accept_current_charter(user)
    client = Client()
    client.force_login(user)
    return client


def ticket_from(response) -> tuple[str, str]:
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    ticket = parse_qs(url.query)["ticket"][0]
    return f"{url.scheme}://{url.netloc}{url.path}", ticket


def validate(service: str, ticket: str):
    response = Client().get(
        reverse("sso:cas_service_validate"), {"service": service, "ticket": ticket}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def test_open_sso_application_redirects_with_a_service_ticket(parent_with_children, pronote):
    response = logged_in(parent_with_children).get(
        reverse("sso:open", kwargs={"slug": "pronote-college"})
    )
    service, ticket = ticket_from(response)
    assert service == PRONOTE
    assert ticket.startswith("ST-") and len(ticket) > 30
    root = validate(PRONOTE, ticket)
    success = root.find(f"{CAS}authenticationSuccess")
    assert success is not None
    assert success.findtext(f"{CAS}user") == "s.martin"
    assert success.find(f"{CAS}attributes").findtext(f"{CAS}profile") == "parent"


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
    pronote.is_active = False
    pronote.save()
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
    assert (
        validate(service, ticket).find(f"{CAS}authenticationSuccess").findtext(f"{CAS}user")
        == "j.prof"
    )


@pytest.mark.parametrize(
    "service",
    [
        "https://evil.example/pronote/",
        "https://0860123x.index-education.net.evil.example/pronote/",
        "http://0860123x.index-education.net/pronote/",  # downgraded scheme
        "https://0860123x.index-education.net/autre/",
        "javascript:alert(1)",
        "",
        # Dot-segments, plain or percent-encoded, resolve outside Pronote's path.
        "https://0860123x.index-education.net/pronote/../../evil",
        "https://0860123x.index-education.net/pronote/%2e%2e/evil",
        "https://0860123x.index-education.net/pronote/./../evil/",
        "https://0860123x.index-education.net/pronote/..%2fevil",
        "https://0860123x.index-education.net/pronote/..\\evil",
        "https://0860123x.index-education.net@evil.example/pronote/",
        "https://0860123x.index-education.net:8443/pronote/",
    ],
)
def test_cas_login_refuses_foreign_services(teacher, pronote, service):
    response = logged_in(teacher).get(reverse("sso:cas_login"), {"service": service})
    assert response.status_code == 403
    assert "Application non autorisée" in response.content.decode()


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


def test_cas_login_refuses_a_service_the_profile_may_not_open(pronote):
    pupil = UserFactory(username="e.eleve", profile=User.Profile.ELEVE)
    assert logged_in(pupil).get(reverse("sso:cas_login"), {"service": PRONOTE}).status_code == 403


def test_cas_login_sends_anonymous_users_to_the_portal_entry(client, pronote):
    response = client.get(reverse("sso:cas_login"), {"service": PRONOTE})
    assert response.status_code == 302
    assert response["Location"].startswith("/?next=/cas/login")


def test_service_ticket_is_single_use(teacher, pronote):
    _, ticket = ticket_from(logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE}))
    assert validate(PRONOTE, ticket).find(f"{CAS}authenticationSuccess") is not None
    failure = validate(PRONOTE, ticket).find(f"{CAS}authenticationFailure")
    assert failure is not None and failure.get("code") == "INVALID_TICKET"


def test_service_ticket_for_another_service_fails_and_is_burnt(teacher, pronote):
    _, ticket = ticket_from(logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE}))
    failure = validate("https://evil.example/", ticket).find(f"{CAS}authenticationFailure")
    assert failure.get("code") == "INVALID_SERVICE"
    assert (
        validate(PRONOTE, ticket).find(f"{CAS}authenticationFailure").get("code")
        == "INVALID_TICKET"
    )


def test_service_ticket_expires_after_sixty_seconds(teacher, pronote):
    from sso.services import service_ticket_issue

    with mock.patch("sso.services.cache.set") as cache_set:
        service_ticket_issue(user=teacher, service=PRONOTE)
    assert cache_set.call_args.args[2] == 60


def test_ticket_is_refused_after_sixty_seconds(teacher, pronote):
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip(
            "the clock can only be moved for the in-process cache; the timeout is pinned above"
        )
    import time

    _, ticket = ticket_from(logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE}))
    later = time.time() + 61
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        failure = validate(PRONOTE, ticket).find(f"{CAS}authenticationFailure")
    assert failure.get("code") == "INVALID_TICKET"


def test_tickets_are_stored_hashed(teacher, pronote):
    from django.core.cache import cache

    _, ticket = ticket_from(logged_in(teacher).get(reverse("sso:cas_login"), {"service": PRONOTE}))
    assert cache.get("cas:st:" + ticket) is None


@pytest.mark.parametrize(
    "params", [{}, {"service": PRONOTE}, {"ticket": "ST-x"}, {"service": PRONOTE, "ticket": "PT-x"}]
)
def test_service_validate_rejects_malformed_requests(params):
    response = Client().get(reverse("sso:cas_service_validate"), params)
    root = ElementTree.fromstring(response.content)
    assert root.find(f"{CAS}authenticationFailure") is not None
