from django.apps import AppConfig


class TeleservicesConfig(AppConfig):
    """Téléservices: notification letters, first connection, e-mail confirmation, the outbox,
    the sweeps; and the Scolarité services pages."""

    name = "teleservices"
    verbose_name = "Téléservices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import scoping

        from . import signals  # noqa: F401
        from .models import AccountMerge, FirstConnectionLock, Letter, LetterBatch

        for model in (AccountMerge, FirstConnectionLock, Letter, LetterBatch):
            scoping.register(model)

        from accounts.lifecycle import accounts_purging
        from core import retention

        from .services.sweeps import RULES, letters_detach

        for rule in RULES:
            retention.register(rule)
        accounts_purging.connect(letters_detach, dispatch_uid="teleservices.letters_detach")
