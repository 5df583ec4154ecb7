from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self) -> None:
        from accounts.scoping import owned_by_accounts_of
        from core import scoping

        from .models import CharterAcceptance

        scoping.register(CharterAcceptance, owned_by_accounts_of("user"))
