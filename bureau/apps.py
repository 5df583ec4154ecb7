from django.apps import AppConfig


class BureauConfig(AppConfig):
    """Le bureau: each user's own notes (Bloc-notes), to-do list (Tâches) and favoris (links and
    pinned applications), seen by nobody else (not registered in the admin)."""

    name = "bureau"
    verbose_name = "Bureau"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention
        from selfservice.services.merge_rows import account_rows_merge, account_rows_merge_undo

        from .demo import DEMO_STEP
        from .receivers import rows_merge, rows_merge_undo
        from .retention import RULES

        for rule in RULES:
            retention.register(rule)
        demo.register(DEMO_STEP)
        account_rows_merge.connect(rows_merge, dispatch_uid="bureau.rows_merge")
        account_rows_merge_undo.connect(rows_merge_undo, dispatch_uid="bureau.rows_merge_undo")
