from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Single sign-on from the portal to the catalogue's applications: Cartable's CAS server
    (protocol 1, 2, 3 and SAML 1.1, single logout), its registered services, and "open this
    application" for the tiles that sign in through it."""

    name = "sso"
    verbose_name = "Authentification unique (CAS)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models import Q

        from accounts.lifecycle import account_sessions_ended
        from core import retention, scoping

        from .models import RegisteredService, ServiceTicket
        from .receivers import credentials_entered, session_logged_out, sessions_ended
        from .releases import register_releases
        from .retention import RULES

        register_releases()
        scoping.register(RegisteredService)
        scoping.register(ServiceTicket, lambda eid: Q(service__establishment_id=eid))
        user_logged_in.connect(credentials_entered, dispatch_uid="sso.credentials_entered")
        user_logged_out.connect(session_logged_out, dispatch_uid="sso.session_logged_out")
        account_sessions_ended.connect(sessions_ended, dispatch_uid="sso.sessions_ended")
        for rule in RULES:
            retention.register(rule)
