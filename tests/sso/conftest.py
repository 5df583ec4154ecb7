from urllib.parse import parse_qs, urlsplit

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import reverse

from accounts.models import User
from apps_catalog.models import Application, ApplicationAudience, Category
from sso.models import RegisteredService
from tests.portal.helpers import accept_current_charter

CAS = "{http://www.yale.edu/tp/cas}"
PRONOTE = "https://0860123x.index-education.net/pronote/"


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    """Single logout runs as a Celery task; with CI's Redis broker it would wait for a worker that
    these tests do not start, so the tasks run in-process here."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def pronote_tile(db):
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


@pytest.fixture
def pronote(pronote_tile, establishment):
    """The collège's Pronote, registered for its establishment."""
    return RegisteredService.objects.create(
        establishment=establishment,
        name="Pronote du collège",
        url=PRONOTE,
        application=pronote_tile,
        profiles=[User.Profile.PARENT, User.Profile.ENSEIGNANT],
        attribute_profile="pronote",
        identity_mode="login",
    )


def logged_in(user) -> Client:
    accept_current_charter(user)
    client = Client()
    client.force_login(user)
    return client


def ticket_from(response) -> tuple[str, str]:
    assert response.status_code == 302, response.content[:500]
    url = urlsplit(response["Location"])
    ticket = parse_qs(url.query)["ticket"][0]
    return f"{url.scheme}://{url.netloc}{url.path}", ticket


def login_ticket(client, service: str = PRONOTE, **params) -> str:
    return ticket_from(client.get(reverse("sso:cas_login"), {"service": service, **params}))[1]


def validate(service: str, ticket: str, view: str = "sso:cas_service_validate", **params):
    response = Client().get(reverse(view), {"service": service, "ticket": ticket, **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def failure_code(root) -> str | None:
    failure = root.find(f"{CAS}authenticationFailure")
    return None if failure is None else failure.get("code")
