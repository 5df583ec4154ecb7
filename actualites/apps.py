from django.apps import AppConfig


class ActualitesConfig(AppConfig):
    """Informations: the school's news, written by its staff for an audience (whole school,
    parents, pupils, staff, a level, a class), validated by the direction when a teacher wrote
    them, shown on "Mes applications" and on their own pages."""

    name = "actualites"
    verbose_name = "Informations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention, scoping

        from .demo import DEMO_STEP
        from .models import News
        from .retention import RULES

        scoping.register(News)
        for rule in RULES:
            retention.register(rule)
        demo.register(DEMO_STEP)
