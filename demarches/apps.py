from django.apps import AppConfig


class DemarchesConfig(AppConfig):
    """The démarches families do online during campaigns the school opens: the demande de bourse
    de collège and the orientation en fin de 3e, with their barème, instruction and follow-up."""

    name = "demarches"
    verbose_name = "Démarches en ligne"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import Q

        from accounts.models import User
        from core import demo, notices, retention, scoping

        from . import messages
        from .demo import demo_bourse, demo_orientation
        from .models import (
            Bareme,
            BaremeCeiling,
            BaremeEchelon,
            BourseRequest,
            Campaign,
            OrientationFile,
        )
        from .retention import RULES
        from .services.campaigns import NOTICE_KIND

        scoping.register(Campaign)
        scoping.register(Bareme)
        for model in (BaremeCeiling, BaremeEchelon):
            scoping.register(model, lambda eid: Q(bareme__establishment_id=eid))
        scoping.register(BourseRequest, lambda eid: Q(campaign__establishment_id=eid))
        scoping.register(OrientationFile, lambda eid: Q(campaign__establishment_id=eid))
        for rule in RULES:
            retention.register(rule)
        notices.register(
            notices.NoticeKind(
                key=NOTICE_KIND,
                label=str(messages.NOTICE_LABEL),
                description=str(messages.NOTICE_DESCRIPTION),
                profiles=frozenset({User.Profile.PARENT}),
                order=40,
            )
        )
        demo.register(demo.DemoStep(key="demarches", run=demo_bourse, order=80))
        demo.register(demo.DemoStep(key="orientation", run=demo_orientation, order=81))
