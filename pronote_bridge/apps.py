from django.apps import AppConfig


class PronoteBridgeConfig(AppConfig):
    """Single sign-on to each establishment's Pronote (its address, the espace of each profile,
    the "identifiant PRONOTE-ENT" identity mode and its import), and "Pronote sur mobile"."""

    name = "pronote_bridge"
    verbose_name = "Passerelle Pronote"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import Q

        from core import demo, retention, scoping
        from sso.openers import register_application_page

        from .demo import STEP
        from .models import PronoteEntLink, PronoteImport, PronoteImportRow, PronoteSettings
        from .releases import register_releases
        from .retention import RULES

        register_releases()
        # The catalogue's Pronote tile opens the user's establishment's Pronote (views).
        register_application_page("pronote", "pronote_bridge:open")
        scoping.register(PronoteSettings)
        scoping.register(PronoteEntLink)
        scoping.register(PronoteImport)
        scoping.register(PronoteImportRow, lambda eid: Q(pronote_import__establishment_id=eid))
        for rule in RULES:
            retention.register(rule)
        demo.register(STEP)
