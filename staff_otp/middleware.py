"""The Django admin behind a TOTP passcode, and the TOTP pages for staff profiles only.

* ``/admin/login/`` sends to the academic login page (allauth's rate limits, "Mot de passe ou
  passecode OTP"), then back to the admin.
* A staff session that has not typed a passcode is sent to enrol (no authenticator yet) or to
  "Vérification du passecode" before any admin page. The check costs no query once the session
  carries the mark.
* allauth's two-factor pages (``/comptes/2fa/``) answer 404 to pupils and parents.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import messages as texts
from .adapter import may_use_totp
from .services import session_is_verified, totp_enrolled


class StaffOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("admin:index")

    @cached_property
    def admin_login(self) -> str:
        return reverse("admin:login")

    @cached_property
    def admin_logout(self) -> str:
        return reverse("admin:logout")

    @cached_property
    def mfa_prefix(self) -> str:
        return reverse("mfa_index")

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.admin_prefix):
            response = self._admin_gate(request, path)
            if response is not None:
                return response
        elif path.startswith(self.mfa_prefix) and not may_use_totp(request.user):
            raise Http404("Le passecode OTP est réservé aux personnels.")
        return self.get_response(request)

    def _admin_gate(self, request, path: str):
        if path == self.admin_logout:
            return None
        user = request.user
        if path == self.admin_login:
            next_url = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = ""
            next_url = next_url or self.admin_prefix
            if user.is_authenticated:
                if not (user.is_active and user.is_staff):
                    raise PermissionDenied("Ce compte n'a pas accès à l'administration.")
                return HttpResponseRedirect(next_url)
            return _redirect_with_next("portal:login_academic", next_url)
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None  # the admin sends to its login page, hence to the academic one
        if session_is_verified(request):
            return None
        next_url = request.get_full_path() if request.method == "GET" else self.admin_prefix
        if totp_enrolled(user):
            return _redirect_with_next("staff_otp:passcode", next_url)
        messages.info(request, texts.ENROLMENT_REQUIRED)
        return _redirect_with_next("staff_otp:security", next_url)


def _redirect_with_next(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")
