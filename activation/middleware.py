"""Keeps half-activated accounts on the activation pages.

* A session opened with a letter (provisional account) reaches only the first-connection pages.
* A guardian whose e-mail is not confirmed reaches only "Compte en attente de validation".
* A login form that refused a password matching a dead letter sends to "contact the school".
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from accounts.models import User

from .backends import REQUEST_DEAD_LETTER_ATTR

# The value predates the app's name: sessions opened before the move keep working.
SESSION_LETTER_KEY = "teleservices_letter_id"

PROVISIONAL_VIEWS = frozenset(
    {
        "activation:first_connection",
        "activation:first_connection_login",
        "activation:letter_invalid",
    }
)
AWAITING_EMAIL_VIEWS = frozenset(
    {
        "activation:awaiting_email",
        "activation:email_resend",
        "activation:email_confirm",
        "activation:first_connection_login",
    }
)


def _is_logout(view_name: str) -> bool:
    return view_name.endswith("logout")


class ActivationMiddleware:
    """Placed before the charter middleware: activation comes before the charte informatique."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_response = self._confine(request)
        if redirect_response is not None:
            return redirect_response
        response = self.get_response(request)
        if (
            request.method == "POST"
            and getattr(request, REQUEST_DEAD_LETTER_ATTR, False)
            and not request.user.is_authenticated
        ):
            return redirect("activation:letter_invalid")
        return response

    def _confine(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        confined = user.state == User.State.PROVISIONAL or (
            user.state == User.State.AWAITING_EMAIL and user.profile == User.Profile.PARENT
        )
        if not confined:
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return None
        if _is_logout(view_name):
            return None
        if user.state == User.State.PROVISIONAL:
            if not request.session.get(SESSION_LETTER_KEY):
                logout(request)
                return redirect("activation:first_connection_login")
            if view_name not in PROVISIONAL_VIEWS:
                return redirect("activation:first_connection")
        elif view_name not in AWAITING_EMAIL_VIEWS:
            return redirect("activation:awaiting_email")
        return None
