from django.apps import AppConfig


class BureauConfig(AppConfig):
    """Le bureau: each user's own notes (Bloc-notes), to-do list (Tâches) and favoris (links and
    pinned applications), seen by nobody else (not registered in the admin)."""

    name = "bureau"
    verbose_name = "Bureau"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention
        from selfservice.services.merge_rows import rows_follow

        from .demo import DEMO_STEP
        from .models import Note, Task
        from .retention import RULES
        from .versions import bureau_changed

        for rule in RULES:
            retention.register(rule)
        demo.register(DEMO_STEP)
        # A regroupement hands the closed account's notes and tasks to the remaining one (favoris
        # stay: an application is pinned once per account).
        for model in (Note, Task):
            rows_follow(model, changed=bureau_changed)
