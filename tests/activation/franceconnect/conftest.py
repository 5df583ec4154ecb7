"""A real OpenID Connect provider (oidc-provider-mock) on loopback, and FranceConnect configured
to use it. Nothing is mocked on Cartable's side: discovery, token exchange, JWKS and userinfo go
over HTTP."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import User as OIDCUser
from oidc_provider_mock import run_server_in_thread

from accounts.models import User
from config.settings.base import franceconnect_providers
from tests.factories import (
    GuardianFactory,
    GuardianLinkFactory,
    ProvisionalUserFactory,
    PupilFactory,
)

# The identities FranceConnect would return (scope "profile email" of the local provider carries
# the same claims as FranceConnect's given_name / family_name / birthdate / email scopes).
SOPHIE = OIDCUser(
    sub="fc-sophie-martin",
    claims={
        "given_name": "Sophie Marie",
        "family_name": "MARTIN",
        "birthdate": "1984-03-12",
        "email": "sophie.martin@example.org",
    },
)
STRANGER = OIDCUser(
    sub="fc-inconnu",
    claims={
        "given_name": "Paul",
        "family_name": "INCONNU",
        "birthdate": "1970-01-01",
        "email": "paul@example.org",
    },
)


@pytest.fixture(scope="session")
def oidc_provider():
    with run_server_in_thread(user_claims=[SOPHIE, STRANGER]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def franceconnect(settings, oidc_provider):
    settings.SOCIALACCOUNT_PROVIDERS = franceconnect_providers(
        oidc_provider, "cartable-test", "secret-de-test", "openid profile email"
    )
    return oidc_provider


@pytest.fixture
def sophie(establishment):
    """Sophie MARTIN, legal representative of Dylan, account still waiting for its letter."""
    account = ProvisionalUserFactory(
        username="s.martin", first_name="Sophie", last_name="Martin", profile=User.Profile.PARENT
    )
    guardian = GuardianFactory(
        establishment=establishment,
        first_name="Sophie",
        last_name="MARTIN",
        email="Sophie.Martin@example.org",
        account=account,
    )
    dylan = PupilFactory(
        establishment=establishment,
        first_name="Dylan",
        last_name="MARTIN",
        birth_date=datetime.date(2013, 5, 17),
    )
    GuardianLinkFactory(pupil=dylan, guardian=guardian, rank=1)
    return account


def authorize_at_provider(authorize_url: str, sub: str) -> str:
    """What the parent does on FranceConnect: chooses the identity and accepts. Returns the
    redirect (callback) URL the provider sends the browser back to."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def franceconnect_login(client, sub: str):
    """The whole round trip with Django's test client for Cartable and HTTP for the provider."""
    start = client.post("/comptes/oidc/franceconnect/login/")
    assert start.status_code == 302, start.content[:500]
    callback = urlsplit(authorize_at_provider(start["Location"], sub))
    return client.get(f"{callback.path}?{callback.query}")
