from django.apps import AppConfig


class LivretConfig(AppConfig):
    """The livret scolaire: the bilans périodiques the teachers prepare and the direction locks
    after the conseil de classe, read by the families in LIVRET (and as PDF), exported to the
    national LSU as XML; a class's bulletins as one PDF for the secretariat (admin)."""

    name = "livret"
    verbose_name = "Livret scolaire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention, scoping

        from . import demo as demo_step
        from .models import BulletinBatch
        from .retention import RULES

        scoping.register(BulletinBatch)
        for rule in RULES:
            retention.register(rule)
        demo.register(demo_step.step())
