"""A real CAS client — the ``python-cas`` library, in a small CAS-protected service started as
its own process (``cas_protected_service.py``) — signs a user in through Cartable over HTTP on
loopback with protocol 1, 2, 3 and SAML 1.1, reads the Pronote attributes, and receives the
single-logout request when the user logs out of Cartable."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from sso.models import RegisteredService
from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory, UserFactory

from .conftest import logged_in

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).with_name("cas_protected_service.py")


class ProtectedService:
    def __init__(self, process: subprocess.Popen, port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}/app/"
        self.root = f"http://127.0.0.1:{port}"

    def state(self) -> dict:
        with urllib.request.urlopen(self.root + "/state", timeout=5) as response:  # noqa: S310
            return json.loads(response.read())

    def get(self, url: str, cookie: str = "") -> tuple[int, dict, str]:
        """One request, redirections not followed."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


def start_service(live_server, version: str):
    process = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, str(SCRIPT), live_server.url + "/cas/", version],
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(process.stdout.readline())
    return ProtectedService(process, port)


@pytest.fixture
def protected(live_server, request):
    services = []

    def start(version: str) -> ProtectedService:
        service = start_service(live_server, version)
        services.append(service)
        RegisteredService.objects.create(
            name=f"Service de test ({version})",
            url=service.url,
            profiles=list(User.Profile.values),
            attribute_profile="pronote",
            identity_mode="login",
            single_logout=True,
        )
        return service

    yield start
    for service in services:
        service.process.terminate()
        service.process.wait(timeout=10)


@pytest.fixture
def pupil(establishment):
    account = UserFactory(
        username="d.martin", first_name="Dylan", last_name="Martin", profile=User.Profile.ELEVE
    )
    import datetime

    record = PupilFactory(
        establishment=establishment,
        last_name="MARTIN",
        first_name="Dylan",
        birth_date=datetime.date(2012, 3, 9),
        account=account,
    )
    guardian = GuardianFactory(establishment=establishment, postal_code="86000")
    GuardianLinkFactory(pupil=record, guardian=guardian)
    return account


def sign_in(service: ProtectedService, browser: Client) -> str:
    """The user's browser: the service sends it to Cartable's CAS, which sends it back with a
    ticket; the service validates it (python-cas, over HTTP) and opens its session."""
    status, headers, _ = service.get(service.url)
    assert status == 302
    login = urlsplit(headers["Location"])
    assert login.path == "/cas/login"
    cas = browser.get(login.path + "?" + login.query)
    assert cas.status_code == 302, cas.content[:300]
    back = cas["Location"]
    assert back.startswith(service.url + "?ticket=ST-")
    status, headers, _ = service.get(back)
    assert status == 302, "ticket refusé par le client CAS"
    return headers["Set-Cookie"].split(";")[0]


@pytest.mark.parametrize("version", ["1", "2", "3", "CAS_2_SAML_1_0"])
def test_python_cas_signs_a_pupil_in_with_the_pronote_attributes(protected, pupil, version):
    service = protected(version)
    cookie = sign_in(service, logged_in(pupil))
    status, _, page = service.get(service.url, cookie)
    assert status == 200 and "Connecté : <span id='user'>d.martin</span>" in page
    (session,) = service.state()["sessions"]
    assert session["user"] == "d.martin"
    if version == "1":
        assert session["attributes"] == {}  # CAS 1.0 carries no attribute
    else:
        assert session["attributes"] == {
            "nom": "MARTIN",
            "prenom": "Dylan",
            "dateNaissance": "09/03/2012",
            "codePostal": "86000",
            "categories": "National_1",
        }


def test_python_cas_refuses_a_ticket_replayed(protected, pupil):
    service = protected("3")
    browser = logged_in(pupil)
    status, headers, _ = service.get(service.url)
    back = browser.get(
        urlsplit(headers["Location"]).path + "?" + urlsplit(headers["Location"]).query
    )["Location"]
    assert service.get(back)[0] == 302
    assert service.get(back)[0] == 403


def _wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_logging_out_of_cartable_logs_the_user_out_of_the_service(protected, pupil):
    service = protected("3")
    browser = logged_in(pupil)
    cookie = sign_in(service, browser)
    assert service.get(service.url, cookie)[0] == 200
    # Cartable's own logout (allauth's page), not the CAS one.
    browser.post(reverse("account_logout"))
    assert _wait_for(lambda: not service.state()["sessions"])
    assert len(service.state()["logged_out"]) == 1
    status, headers, _ = service.get(service.url, cookie)
    assert status == 302 and "/cas/login" in headers["Location"]


def test_cas_logout_and_password_change_log_out_of_every_service(protected, pupil):
    first, second = protected("2"), protected("CAS_2_SAML_1_0")
    browser = logged_in(pupil)
    sign_in(first, browser)
    sign_in(second, browser)
    browser.get(reverse("sso:cas_logout"))
    assert _wait_for(lambda: not first.state()["sessions"] and not second.state()["sessions"])

    # Another session of the account, ended by "Se déconnecter de partout".
    other = logged_in(pupil)
    sign_in(first, other)
    assert first.state()["sessions"]
    other.post(reverse("portal:logout_everywhere"))
    assert _wait_for(lambda: not first.state()["sessions"])
