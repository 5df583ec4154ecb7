"""FranceConnect's partner rules, against the loopback provider configured the FranceConnect way
(conftest): scopes, nonce, acr_values=eidas1, userinfo as a signed JWT, logout at FranceConnect."""

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from .conftest import CLIENT_ID, PROVIDER, authorize_at_provider, franceconnect_login

pytestmark = pytest.mark.django_db


def _refused(client) -> bool:
    return "_auth_user_id" not in client.session and not SocialAccount.objects.exists()


def test_authorization_request_asks_eidas1_with_a_nonce_and_franceconnect_scopes(
    client, franceconnect
):
    start = client.post("/comptes/oidc/franceconnect/login/")

    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["acr_values"] == ["eidas1"]
    assert set(query["scope"][0].split()) == {
        "openid",
        "given_name",
        "family_name",
        "birthdate",
        "email",
    }
    assert len(query["nonce"][0]) >= 32 and query["state"][0]


@pytest.mark.parametrize("signature", ["jwt", "es256"])
def test_identity_read_from_the_signed_userinfo(
    client, franceconnect, sophie, monkeypatch, signature
):
    monkeypatch.setitem(PROVIDER, "userinfo", signature)  # RS256 or ES256

    franceconnect_login(client, "fc-sophie-martin")

    userinfo = SocialAccount.objects.get(user=sophie).extra_data["userinfo"]
    assert userinfo["given_name"] == "Sophie Marie" and userinfo["family_name"] == "MARTIN"
    assert userinfo["birthdate"] == "1984-03-12" and "preferred_username" not in userinfo
    assert userinfo["aud"] == CLIENT_ID  # the JWT's own claims: it was decoded, not trusted


@pytest.mark.parametrize("userinfo", ["json", "foreign_key"])
def test_userinfo_not_signed_by_franceconnect_is_refused(
    client, franceconnect, sophie, monkeypatch, userinfo
):
    monkeypatch.setitem(PROVIDER, "userinfo", userinfo)

    franceconnect_login(client, "fc-sophie-martin")

    assert _refused(client)


def test_id_token_answering_another_request_is_refused(client, franceconnect, sophie):
    start = client.post("/comptes/oidc/franceconnect/login/")
    url = urlsplit(start["Location"])
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    query["nonce"] = "nonce-d-une-autre-demande-0123456789abcdef"  # replayed / injected
    tampered = f"{url.scheme}://{url.netloc}{url.path}?{requests.compat.urlencode(query)}"

    callback = urlsplit(authorize_at_provider(tampered, "fc-sophie-martin"))
    client.get(f"{callback.path}?{callback.query}")

    assert _refused(client)


@pytest.mark.parametrize("acr", [None, "eidas0"])
def test_missing_or_too_low_authentication_level_is_refused(
    client, franceconnect, sophie, monkeypatch, acr
):
    monkeypatch.setitem(PROVIDER, "acr", acr)

    franceconnect_login(client, "fc-sophie-martin")

    assert _refused(client)


def test_logout_also_ends_the_franceconnect_session(client, franceconnect, sophie):
    franceconnect_login(client, "fc-sophie-martin")
    assert client.session["_auth_user_id"] == str(sophie.pk)

    response = client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session
    end_session = requests.get(
        f"{franceconnect}/.well-known/openid-configuration", timeout=10
    ).json()["end_session_endpoint"]
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == end_session
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert query["post_logout_redirect_uri"] == "http://testserver" + reverse(
        "portal:services_en_ligne"
    )
    assert query["state"]
    hint = jwt.decode(query["id_token_hint"], options={"verify_signature": False})
    assert hint["sub"] == "fc-sophie-martin" and CLIENT_ID in hint["aud"]
    assert requests.get(response["Location"], timeout=10).status_code == 200


def test_logout_after_a_password_login_stays_on_cartable(client, franceconnect, sophie):
    client.force_login(sophie)

    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("portal:services_en_ligne")
