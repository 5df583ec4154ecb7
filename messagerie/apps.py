from django.apps import AppConfig


class MessagerieConfig(AppConfig):
    """Mes courriels: the internal mail of the school community (folders, drafts, attachments,
    who may write to whom, group sends, notices by e-mail)."""

    name = "messagerie"
    verbose_name = "Mes courriels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from accounts.lifecycle import account_activated
        from accounts.models import User
        from core import demo, notices, retention, school_mail, scoping

        from . import messages as texts
        from .annuaire import register_sqlite_fold
        from .demo import demo_mail
        from .models import CommunicationRules
        from .receivers import account_activated as welcome
        from .receivers import school_mail_post
        from .retention import RULES

        scoping.register(CommunicationRules)
        for rule in RULES:
            retention.register(rule)
        notices.register(
            notices.NoticeKind(
                key="messagerie",
                label=str(texts.NOTICE_LABEL),
                description=str(texts.NOTICE_DESCRIPTION),
                profiles=frozenset(User.Profile.values),
                order=10,
            )
        )
        connection_created.connect(register_sqlite_fold, dispatch_uid="messagerie.sqlite_fold")
        account_activated.connect(welcome, dispatch_uid="messagerie.welcome")
        school_mail.register_poster(school_mail_post)
        demo.register(demo.DemoStep(key="messagerie", run=demo_mail, order=60))
