"""django-allauth customisation point: accounts come from the roster, never from sign-up. (The
FranceConnect side, which links an identity to an account, is activation.adapter.)"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from core import messages as core_messages
from core import ratelimit
from core.http import client_ip

from . import messages
from .models import User

MINUTE = 60
# An identity provider the user came through and must also leave (FranceConnect) puts the URL of
# its logout here at login; logging out of Cartable then goes there instead of the usual page.
LOGOUT_REDIRECT_SESSION_KEY = "logout_redirect_url"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": messages.INVALID_LOGIN,
        "invalid_login": messages.INVALID_LOGIN,
        "account_inactive": messages.INVALID_LOGIN,
        "too_many_login_attempts": messages.TOO_MANY_LOGIN_ATTEMPTS,
        "rate_limited": core_messages.RATE_LIMITED,
    }

    def get_client_ip(self, request) -> str:
        # One notion of the client's address for allauth's limits and ours (trusted proxies).
        return client_ip(request) or "0.0.0.0"  # noqa: S104 - a key, nothing listens on it

    def is_open_for_signup(self, request) -> bool:
        return False

    def set_password(self, user, password: str) -> None:
        # allauth's own password pages write through the account lifecycle too.
        from .audit import AuditAction
        from .lifecycle import Audit, account_password_set

        account_password_set(
            account=user,
            password=password,
            audit=Audit(
                action=AuditAction.PASSWORD_CHANGED,
                by_account=True,
                establishment=user.establishment,
                details={"other_sessions_ended": True},
            ),
        )

    def authentication_failed(self, request, **credentials) -> None:
        """A wrong password counts against the address too. The address's limit refuses only
        wrong answers: a family behind the school's Wi-Fi or a carrier's NAT shares its address
        with hundreds of others, and one guesser there must not lock them out of their own
        (right) password. Guessing one account stays bounded by allauth's per-identifier limit."""
        super().authentication_failed(request, **credentials)
        ip = client_ip(request)
        if ip and not ratelimit.allowed("login-failed-ip", ip, "login_failed_per_ip", MINUTE):
            raise self.validation_error("rate_limited")

    def count_refused_login(self, request, *, username: str) -> None:
        """Counts a login refused by the portal (right password, wrong portal or closed account)
        as a failed attempt, like a wrong password, so the rate limit cannot tell them apart.

        Raises the "too many attempts" error once the limit is reached, as a wrong password does.
        """
        self.pre_authenticate(request, username=username)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # "Connexion avec … réussie." would sit above "Compte en attente de validation", the page
        # that blocks this account: no congratulation while the e-mail is unconfirmed.
        user = getattr(request, "user", None)
        if (
            message_template == "account/messages/logged_in.txt"
            and getattr(user, "state", None) == User.State.AWAITING_EMAIL
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def get_login_stages(self) -> list[str]:
        # "Mot de passe ou passecode OTP": the passcode replaces the password on the login form
        # rather than coming as a second step; the admin asks for it separately (staff_otp).
        return [
            stage
            for stage in super().get_login_stages()
            if stage != "allauth.mfa.stages.AuthenticateStage"
        ]

    def get_logout_redirect_url(self, request) -> str:
        # Read before the session is flushed (allauth computes the URL first).
        return request.session.get(LOGOUT_REDIRECT_SESSION_KEY) or super().get_logout_redirect_url(
            request
        )
