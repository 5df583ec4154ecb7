"""FranceConnect's OpenID Connect rules on top of allauth's generic provider (the one client
module for the FranceConnect protocol; who the identity belongs to is in franceconnect.py).

FranceConnect differs from a generic OpenID provider: the authorisation request carries a
``nonce`` (checked against the id_token) and ``acr_values=eidas1`` (the returned ``acr`` is
checked), the userinfo endpoint answers a **signed JWT** (ES256 or RS256, keys from the JWKS),
the id_token's signature is always verified, and logging out of Cartable also ends the session
at FranceConnect (end_session_endpoint with id_token_hint, state, post_logout_redirect_uri).
"""

from __future__ import annotations

import json
import secrets

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import urlencode

from accounts.adapter import LOGOUT_REDIRECT_SESSION_KEY

from . import conf

# FranceConnect signs with these only; anything else in a JWT header ("none", HS256) is refused.
SIGNING_ALGORITHMS = frozenset({"ES256", "RS256"})
# eIDAS "low" is what FranceConnect (not FranceConnect+) guarantees; a lower level is refused.
ACR = "eidas1"
ACCEPTED_ACR = frozenset({"eidas1", "eidas2", "eidas3"})


class FranceConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("FranceConnect sent no id_token")
        data = {
            "userinfo": self._fetch_user_info(token.token),
            "id_token": self._verify_jwt(app, id_token),
        }
        login = self.get_provider().sociallogin_from_response(request, data)
        # Kept off extra_data (saved in the database): only the session needs it, for logout.
        login.franceconnect_logout = {
            "id_token": id_token,
            "end_session_endpoint": self.openid_config.get("end_session_endpoint", ""),
        }
        return login

    def _fetch_user_info(self, access_token: str) -> dict:
        headers = {"Authorization": f"Bearer {access_token}"}
        with get_adapter().get_requests_session() as sess:
            response = sess.get(self.profile_url, headers=headers)
            response.raise_for_status()
        if response.headers.get("Content-Type", "").split(";")[0].strip() != "application/jwt":
            # A plain JSON userinfo would carry claims nobody signed: FranceConnect always signs.
            raise OAuth2Error("FranceConnect userinfo is not a signed JWT")
        return self._verify_jwt(self.get_provider().app, response.text.strip())

    def _verify_jwt(self, app: SocialApp, credential: str) -> dict:
        # Always verified, even the id_token fetched over TLS: the userinfo JWT has to be anyway,
        # and the nonce it carries is only worth something if the signature is checked.
        try:
            alg = jwt.get_unverified_header(credential).get("alg")
        except jwt.PyJWTError as e:
            raise OAuth2Error("Invalid FranceConnect JWT") from e
        if alg not in SIGNING_ALGORITHMS:
            raise OAuth2Error(f"FranceConnect JWT signed with {alg!r}")
        return jwtkit.verify_and_decode(
            credential=credential,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=_key_for(alg),
        )


def _key_for(alg: str):
    """The JWKS key named ``kid`` for ``alg``. (allauth's own lookup takes a key without an
    ``alg`` member for RS256, which fails for FranceConnect's EC keys.)"""

    def lookup(keys_data: dict, kid: str):
        for key in keys_data.get("keys", []):
            if key.get("kid") == kid and key.get("alg", alg) == alg:
                return jwt.algorithms.get_default_algorithms()[alg].from_jwk(json.dumps(key))
        return None

    return lookup


class FranceConnectProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, plus the nonce and the eIDAS level in the request."""

    oauth2_adapter_class = FranceConnectOAuth2Adapter

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params.update(nonce=nonce, acr_values=ACR)
        # The nonce goes in allauth's state (server side, keyed by the random `state`).
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


def check_login(request: HttpRequest, sociallogin) -> None:
    """Refuses an id_token answering another request (nonce) or a too weak authentication (acr);
    prepares the logout at FranceConnect. Called before the identity is looked at."""
    id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
    expected = (sociallogin.state or {}).get("nonce")
    if not expected or not secrets.compare_digest(str(id_token.get("nonce", "")), expected):
        raise ProviderException("FranceConnect id_token nonce mismatch")
    if id_token.get("acr") not in ACCEPTED_ACR:
        raise ProviderException(f"FranceConnect acr {id_token.get('acr')!r} refused")
    logout = getattr(sociallogin, "franceconnect_logout", None) or {}
    if logout.get("id_token") and logout.get("end_session_endpoint"):
        # Built now (the state is only echoed back by FranceConnect), used by the account
        # adapter when the parent logs out: leaving Cartable also leaves FranceConnect.
        query = urlencode(
            {
                "id_token_hint": logout["id_token"],
                "state": secrets.token_urlsafe(16),
                "post_logout_redirect_uri": request.build_absolute_uri(
                    resolve_url(conf.logout_redirect_url())
                ),
            }
        )
        request.session[LOGOUT_REDIRECT_SESSION_KEY] = f"{logout['end_session_endpoint']}?{query}"


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    """allauth's OpenID Connect callback with FranceConnect's adapter (signed userinfo)."""
    if provider_id != conf.franceconnect_provider_id():
        return openid_connect_views.callback(request, provider_id)
    try:
        view = OAuth2CallbackView.adapter_view(FranceConnectOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
