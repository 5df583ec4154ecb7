from django.apps import AppConfig


class ActivationConfig(AppConfig):
    """Every way an account becomes active: notification letters (batches, PDF), first connection,
    e-mail confirmation, account creation by SMS, FranceConnect linking; and what of it the daily
    sweep erases."""

    name = "activation"
    verbose_name = "Activation des comptes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.lifecycle import accounts_purging
        from core import retention, scoping

        from . import signals  # noqa: F401 - the letter a session logged in with
        from .models import FirstConnectionLock, Letter, LetterBatch
        from .services.retention import RULES, letters_detach

        for model in (FirstConnectionLock, Letter, LetterBatch):
            scoping.register(model)
        for rule in RULES:
            retention.register(rule)
        accounts_purging.connect(letters_detach, dispatch_uid="activation.letters_detach")
