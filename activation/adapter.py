"""allauth's social-account customisation: FranceConnect links an identity to a parent's roster
account (activating it), never creates one."""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts.models import User

from .franceconnect import LINKABLE_STATES, franceconnect_link, guardian_account_for_identity


class FranceConnectAdapter(DefaultSocialAccountAdapter):
    """FranceConnect: links an identity to the parent's roster account, never creates one."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
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


def _unknown_identity(request, *, closed: bool):
    return render(
        request, "socialaccount/franceconnect_unknown.html", {"closed": closed}, status=403
    )
