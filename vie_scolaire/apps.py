from django.apps import AppConfig


class VieScolaireConfig(AppConfig):
    """The vie scolaire: roll calls, absences, retards, punitions and observations, the families'
    justifications, and the notices they receive."""

    name = "vie_scolaire"
    verbose_name = "Vie scolaire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Establishment, User
        from core import demo, notices, retention, scoping

        from . import messages
        from .cache import on_motive_saved_or_deleted
        from .demo import demo_term
        from .models import Motive
        from .motives import establishment_created
        from .retention import RULES
        from .services.notices import NOTICE_KIND

        post_save.connect(
            establishment_created, sender=Establishment, dispatch_uid="vie_scolaire.motives"
        )
        # The families' pages show motive labels: a motive edited in the admin shows at once.
        post_save.connect(
            on_motive_saved_or_deleted, sender=Motive, dispatch_uid="vie_scolaire.motive_saved"
        )
        post_delete.connect(
            on_motive_saved_or_deleted, sender=Motive, dispatch_uid="vie_scolaire.motive_deleted"
        )
        scoping.register(Motive)
        for rule in RULES:
            retention.register(rule)
        notices.register(
            notices.NoticeKind(
                key=NOTICE_KIND,
                label=str(messages.NOTICE_LABEL),
                description=str(messages.NOTICE_DESCRIPTION),
                profiles=frozenset({User.Profile.PARENT}),
                order=10,
            )
        )
        demo.register(demo.DemoStep(key="vie_scolaire", run=demo_term, order=60))
