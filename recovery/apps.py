from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    """Forgotten identifier or password (by a confirmed e-mail or the recorded mobile) and the
    pupils' emergency access."""

    name = "recovery"
    verbose_name = "Récupération des comptes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import retention, scoping

        from .models import EmergencyAccessRequest
        from .services.retention import RULES

        scoping.register(EmergencyAccessRequest)
        for rule in RULES:
            retention.register(rule)
