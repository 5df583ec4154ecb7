from django.apps import AppConfig


class TeleservicesConfig(AppConfig):
    """The Scolarité services space (vie scolaire, cahier de textes, notes, livret, services en
    ligne). Its migrations 0001–0005 are the history of the models that moved to outbox,
    activation and selfservice (their tables kept their names)."""

    name = "teleservices"
    verbose_name = "Scolarité services"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import retention

        from .retention import RULES

        for rule in RULES:
            retention.register(rule)
