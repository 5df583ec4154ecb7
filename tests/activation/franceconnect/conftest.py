"""A real OpenID Connect provider (oidc-provider-mock) on loopback, made to behave like
FranceConnect v2, and FranceConnect configured to use it. Nothing is mocked on Cartable's side:
discovery, token exchange, JWKS and userinfo go over HTTP.

What the generic provider does differently from FranceConnect, and is changed here: FranceConnect
scopes are claim names (``given_name``, ``family_name``, ``birthdate``, ``email``), the userinfo is
a JWT signed with a key of the JWKS, a nonce is required, the id_token carries ``acr`` (eidas1).
``PROVIDER`` lets a test make it misbehave (plain JSON userinfo, low acr, a foreign key).
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import flask
import pytest
import requests
from authlib import jose
from oidc_provider_mock import User as OIDCUser
from oidc_provider_mock import _app as provider_app
from oidc_provider_mock import _server as provider_server
from oidc_provider_mock import _storage as provider_storage

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


CLIENT_ID = "cartable-test"
FRANCECONNECT_SCOPES = "openid given_name family_name birthdate email"
# How the provider behaves; a test changes it with monkeypatch.setitem(PROVIDER, ...).
PROVIDER: dict = {"acr": "eidas1", "userinfo": "jwt"}
FOREIGN_KEY = jose.RSAKey.generate_key(is_private=True)
# FranceConnect's JWKS holds several keys, EC (ES256) ones among them, without an "alg" member.
EC_KEY = jose.ECKey.generate_key("P-256", is_private=True)


def _jwks():
    keys = [provider_storage.storage.jwk.as_dict(), EC_KEY.as_dict()]
    return flask.jsonify({"keys": keys})


def _signed_userinfo():
    """FranceConnect v2's userinfo: the claims of the granted scopes (scope = claim name), in a
    JWT signed with the provider's key (or, to test refusal, as JSON or with a foreign key)."""
    access_token = provider_app.flask_oauth2.current_token
    user = access_token.get_user()
    scopes = access_token.scope.split()
    claims = {name: value for name, value in user.claims.items() if name in scopes}
    claims["sub"] = user.sub
    if PROVIDER["userinfo"] == "json":
        return flask.jsonify(claims)
    alg, key = ("ES256", EC_KEY) if PROVIDER["userinfo"] == "es256" else ("RS256", None)
    key = key or provider_storage.storage.jwk
    key_id = key.as_dict()["kid"]
    if PROVIDER["userinfo"] == "foreign_key":
        key = FOREIGN_KEY  # under the name of the JWKS key
    payload = {"iss": flask.request.host_url.rstrip("/"), "aud": CLIENT_ID, **claims}
    token = jose.jwt.encode({"alg": alg, "kid": key_id}, payload, key)
    return flask.Response(token, content_type="application/jwt")


@pytest.fixture(scope="session")
def oidc_provider():
    app = provider_app.app(require_nonce=True, user_claims=[SOPHIE, STRANGER])
    app.view_functions["oidc-provider-mock.userinfo"] = provider_app.require_oauth()(
        _signed_userinfo
    )
    app.view_functions["oidc-provider-mock.jwks"] = _jwks
    patch = pytest.MonkeyPatch()
    # FranceConnect's scopes are accepted (the generic provider drops unknown ones), and the
    # authentication level it reached goes into the id_token.
    patch.setattr(
        provider_storage.Client,
        "SCOPES_SUPPORTED",
        (*provider_storage.Client.SCOPES_SUPPORTED, *FRANCECONNECT_SCOPES.split()[1:]),
    )
    patch.setattr(provider_storage.AuthorizationCode, "get_acr", lambda self: PROVIDER["acr"])
    # FranceConnect names its signing key (kid) in the id_token header, as in the JWKS.
    jwt_config = provider_app.OpenIDCode.get_jwt_config
    patch.setattr(
        provider_app.OpenIDCode,
        "get_jwt_config",
        lambda self, grant, client=None: {
            **jwt_config(self, grant, client),
            "kid": provider_storage.storage.jwk.as_dict()["kid"],
        },
    )
    try:
        with provider_server._threaded_server(app=app) as server:
            yield f"http://localhost:{server.server_port}"
    finally:
        patch.undo()


@pytest.fixture
def franceconnect(settings, oidc_provider):
    settings.SOCIALACCOUNT_PROVIDERS = franceconnect_providers(
        oidc_provider, CLIENT_ID, "secret-de-test", FRANCECONNECT_SCOPES
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
