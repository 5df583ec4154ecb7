"""Keeps half-activated accounts on the activation pages.

* A session opened with a letter (provisional account) reaches only the first-connection pages.
* A guardian whose e-mail is not confirmed reaches only "Compte en attente de validation".
* A login form that refused a password matching a dead letter sends to "contact the school".
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.shortcuts import redirect

from accounts.models import User

from .backends import REQUEST_DEAD_LETTER_ATTR

SESSION_LETTER_KEY = "teleservices_letter_id"

PROVISIONAL_VIEWS = frozenset({
    "teleservices:first_connection",
    "teleservices:first_connection_login",
    "teleservices:letter_invalid",
})
AWAITING_EMAIL_VIEWS = frozenset({
    "teleservices:awaiting_email",
    "teleservices:email_resend",
    "teleservices:email_confirm",
    "teleservices:first_connection_login",
})


def _is_logout(view_name: str) -> bool:
    return view_name.endswith("logout")


class ActivationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and getattr(request, REQUEST_DEAD_LETTER_ATTR, False)
            and not request.user.is_authenticated
        ):
            return redirect("teleservices:letter_invalid")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if _is_logout(view_name) or view_name.startswith("admin:") and user.is_staff:
            return None
        if user.state == User.State.PROVISIONAL:
            if not request.session.get(SESSION_LETTER_KEY):
                logout(request)
                return redirect("teleservices:first_connection_login")
            if view_name not in PROVISIONAL_VIEWS:
                return redirect("teleservices:first_connection")
        elif user.state == User.State.AWAITING_EMAIL and user.profile == User.Profile.PARENT:
            if view_name not in AWAITING_EMAIL_VIEWS:
                return redirect("teleservices:awaiting_email")
        return None
