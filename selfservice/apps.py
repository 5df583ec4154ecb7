from django.apps import AppConfig


class SelfserviceConfig(AppConfig):
    """Mon compte: profile, e-mail and password changes, children, regroupement (account merge),
    fiche de renseignements."""

    name = "selfservice"
    verbose_name = "Mon compte"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.lifecycle import account_password_changed
        from core import retention, scoping

        from .models import AccountMerge
        from .services.account import email_changes_cancel_on_password
        from .services.retention import RULES

        account_password_changed.connect(
            email_changes_cancel_on_password,
            dispatch_uid="selfservice.email_changes_cancel_on_password",
        )

        scoping.register(AccountMerge)
        for rule in RULES:
            retention.register(rule)
