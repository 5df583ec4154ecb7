from django.apps import AppConfig


class DevicesConfig(AppConfig):
    """Cartable on the phone: pairing a phone by QR code and a 4-character code (the gesture of
    Pronote's mobile app), the long-lived device sessions it opens, "Mes appareils", and the web
    app manifest that lets the portal sit on a phone's home screen."""

    name = "devices"
    verbose_name = "Appareils connectés"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from accounts.lifecycle import account_sessions_ended
        from core import retention

        from .services.devices import device_revoke_on_logout, devices_revoke_on_sessions_end
        from .services.retention import RULES

        account_sessions_ended.connect(
            devices_revoke_on_sessions_end, dispatch_uid="devices.revoke_on_sessions_end"
        )
        user_logged_out.connect(device_revoke_on_logout, dispatch_uid="devices.revoke_on_logout")
        for rule in RULES:
            retention.register(rule)
