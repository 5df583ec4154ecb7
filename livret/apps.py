from django.apps import AppConfig


class LivretConfig(AppConfig):
    """The livret scolaire: the bilans périodiques the teachers prepare and the direction locks
    after the conseil de classe, read by the families in LIVRET (and as PDF), exported to the
    national LSU as XML."""

    name = "livret"
    verbose_name = "Livret scolaire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention

        from . import demo as demo_step
        from .retention import RULES

        for rule in RULES:
            retention.register(rule)
        demo.register(demo_step.step())
