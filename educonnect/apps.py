from django.apps import AppConfig


class EduconnectConfig(AppConfig):
    name = "educonnect"
    verbose_name = "EduConnect : création de compte, récupération, accès de secours"

    def ready(self) -> None:
        from core import scoping

        from .models import EmergencyAccessRequest

        scoping.register(EmergencyAccessRequest)

        from core import retention

        from .services.sweeps import RULES

        for rule in RULES:
            retention.register(rule)
