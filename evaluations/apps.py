from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    """The evaluation of the pupils: the establishment's periods, the teachers' devoirs and
    marks (the mark book), the socle commun's skills; read by the families in NOTES."""

    name = "evaluations"
    verbose_name = "Notes et compétences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention, scoping

        from . import demo as demo_step
        from .models import Devoir, MarkBookSettings, Period, SkillItem
        from .retention import RULES

        for rule in RULES:
            retention.register(rule)
        for model in (Period, MarkBookSettings, Devoir, SkillItem):
            scoping.register(model)
        demo.register(demo_step.step())
