from django.apps import AppConfig


class AgendaConfig(AppConfig):
    """The agenda: the establishment's events for an audience (like the news), each user's own
    events, month and week views, and each user's iCalendar feed behind a secret address."""

    name = "agenda"
    verbose_name = "Agenda"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import demo, retention, scoping
        from selfservice.services.merge_rows import rows_follow

        from .demo import DEMO_STEP
        from .models import PersonalEvent, SchoolEvent
        from .retention import RULES
        from .versions import personal_events_changed

        scoping.register(SchoolEvent)
        for rule in RULES:
            retention.register(rule)
        demo.register(DEMO_STEP)
        # A regroupement hands the closed account's personal events to the remaining one (the
        # feed address stays: it dies with the closed account).
        rows_follow(PersonalEvent, changed=personal_events_changed)
