from django.apps import AppConfig


class CahierDeTextesConfig(AppConfig):
    """The cahier de textes: séances (what was done in class) and travail à faire, written by the
    teachers on their teaching services, read by pupils, their families and the school community."""

    name = "cahier_de_textes"
    verbose_name = "Cahier de textes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention, scoping

        from . import demo as demo_step
        from .models import Homework, Seance, Visa
        from .retention import RULES

        for rule in RULES:
            retention.register(rule)
        for model in (Seance, Homework, Visa):
            scoping.register(model)
        demo.register(demo_step.step())
