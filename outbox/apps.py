from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Outbound mail and SMS: one outbox, written in the caller's transaction, sent after commit,
    retried, never lost nor sent twice. Imports nothing of the apps above it."""

    name = "outbox"
    verbose_name = "Messages sortants"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import retention

        from .services import outbox_purge

        retention.register(
            retention.RetentionRule(
                key="messages_sortants_purges",
                description="Messages sortants : envoyés, supprimés 30 jours après l'envoi ; "
                "abandonnés, 30 jours après leur création. Leur contenu disparaît dès l'envoi, "
                "l'abandon ou la fin de vie du secret qu'il porte.",
                run=lambda now: outbox_purge(now=now),
                order=90,
            )
        )
