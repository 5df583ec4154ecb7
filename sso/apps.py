from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Single sign-on from the portal to the catalogue's applications: Cartable's CAS server, and
    "open this application" for the tiles that sign in through it."""

    name = "sso"
    verbose_name = "Authentification unique (CAS)"
