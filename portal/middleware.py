"""Sends authenticated users to the charte informatique until they accept its current version."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from .selectors import charter_current_version

# Pages that must stay reachable before the charter is accepted: the charter itself, logging out,
# allauth's account pages, the secretariat's admin, assets, and CAS ticket validation (server to
# server, without a session).
EXEMPT_PREFIXES = (
    "/charte/",
    "/comptes/",
    "/admin/",
    "/deconnexion-partout/",
    "/cas/serviceValidate",
    "/cas/validate",
    "/cas/proxyValidate",
    "/cas/p3/",
    "/cas/samlValidate",
    "/cas/logout",
    "/favicon.ico",
    "/manifest.webmanifest",
    # Activation: the charter comes after the first connection and the e-mail check.
    "/premiere-connexion/",
    "/compte/en-attente-de-validation/",
    "/compte/renvoyer-le-mail/",
    "/compte/valider-adresse-mail/",
)


class CharterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_prefixes = EXEMPT_PREFIXES + tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
            if prefix and prefix.startswith("/")
        )

    def __call__(self, request):
        # Path first: exempt requests never load the session or the user.
        if not request.path.startswith(self.exempt_prefixes):
            user = request.user
            if user.is_authenticated:
                current = charter_current_version()
                if current and (user.accepted_charter_version or 0) < current:
                    return self._redirect_to_charter(request)
        return self.get_response(request)

    @staticmethod
    def _redirect_to_charter(request):
        url = reverse("portal:charter")
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)
