from django.apps import AppConfig


class EduconnectConfig(AppConfig):
    name = "educonnect"
    verbose_name = "EduConnect : création de compte, récupération, accès de secours"
