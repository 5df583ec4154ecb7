from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    """The evaluation of the pupils: the establishment's periods, the teachers' devoirs and
    marks (the mark book), the socle commun's skills; read by the families in NOTES."""

    name = "evaluations"
    verbose_name = "Notes et compétences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core import demo, retention, scoping

        from . import demo as demo_step
        from .models import Devoir, MarkBookSettings, Period, SkillItem
        from .retention import RULES
        from .versions import admin_row_changed

        for rule in RULES:
            retention.register(rule)
        for model in (Period, MarkBookSettings, Devoir, SkillItem):
            scoping.register(model)
        demo.register(demo_step.step())
        # Periods and the mark-book settings are edited in the admin (no service): the cached
        # NOTES pages of the school move on when one is saved or deleted.
        for model in (Period, MarkBookSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    admin_row_changed, sender=model, dispatch_uid=f"notes.{model.__name__}"
                )
