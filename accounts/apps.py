from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes et base élèves"

    def ready(self) -> None:
        from .roster_version import connect_signals
        from .scoping import register_rules

        connect_signals()
        register_rules()
