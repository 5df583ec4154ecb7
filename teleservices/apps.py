from django.apps import AppConfig


class TeleservicesConfig(AppConfig):
    """Téléservices / Scolarité services pages (vie scolaire, notes, livret, services en ligne)."""

    name = "teleservices"
    verbose_name = "Téléservices"
