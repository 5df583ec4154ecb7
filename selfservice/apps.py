from django.apps import AppConfig


class SelfserviceConfig(AppConfig):
    """Mon compte: profile, e-mail and password changes, children, regroupement (account merge),
    fiche de renseignements."""

    name = "selfservice"
    verbose_name = "Mon compte"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import retention, scoping

        from .models import AccountMerge
        from .services.retention import RULES

        scoping.register(AccountMerge)
        for rule in RULES:
            retention.register(rule)
