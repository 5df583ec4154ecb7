"""allauth's social-account customisation: FranceConnect links an identity to a parent's roster
account (activating it), never creates one."""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts.models import User

from . import conf
from .franceconnect import LINKABLE_STATES, franceconnect_link, guardian_account_for_identity
from .franceconnect_oidc import FranceConnectProvider, check_login


class FranceConnectAdapter(DefaultSocialAccountAdapter):
    """FranceConnect: links an identity to the parent's roster account, never creates one."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def get_provider(self, request, provider, client_id=None):
        # FranceConnect's rules (nonce, eidas1, signed userinfo) on allauth's OpenID Connect one.
        found = super().get_provider(request, provider, client_id=client_id)
        return _as_franceconnect(request, found)

    def list_providers(self, request):
        return [_as_franceconnect(request, found) for found in super().list_providers(request)]

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.account.provider == conf.franceconnect_provider_id():
            check_login(request, sociallogin)
        if sociallogin.is_existing:
            account = sociallogin.user
            if (
                account.profile == User.Profile.PARENT
                and account.is_active
                and account.state in LINKABLE_STATES
            ):
                return
            raise ImmediateHttpResponse(_unknown_identity(request, closed=True))
        claims = (
            (sociallogin.account.extra_data or {}).get("userinfo")
            or (sociallogin.account.extra_data or {}).get("id_token")
            or {}
        )
        account = guardian_account_for_identity(claims)
        if account is None:
            raise ImmediateHttpResponse(_unknown_identity(request, closed=False))
        franceconnect_link(request=request, sociallogin=sociallogin, account=account)


def _as_franceconnect(request, provider):
    app = getattr(provider, "app", None)
    if app is not None and app.provider_id == conf.franceconnect_provider_id():
        return FranceConnectProvider(request, app=app)
    return provider


def _unknown_identity(request, *, closed: bool):
    return render(
        request, "socialaccount/franceconnect_unknown.html", {"closed": closed}, status=403
    )
