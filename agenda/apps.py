from django.apps import AppConfig


class AgendaConfig(AppConfig):
    """The agenda: the establishment's events for an audience (like the news), each user's own
    events, month and week views, and each user's iCalendar feed behind a secret address."""

    name = "agenda"
    verbose_name = "Agenda"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention, scoping
        from selfservice.services.merge_rows import account_rows_merge, account_rows_merge_undo

        from .demo import DEMO_STEP
        from .models import SchoolEvent
        from .receivers import rows_merge, rows_merge_undo
        from .retention import RULES

        scoping.register(SchoolEvent)
        for rule in RULES:
            retention.register(rule)
        demo.register(DEMO_STEP)
        account_rows_merge.connect(rows_merge, dispatch_uid="agenda.rows_merge")
        account_rows_merge_undo.connect(rows_merge_undo, dispatch_uid="agenda.rows_merge_undo")
