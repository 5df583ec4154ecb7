from django.apps import AppConfig


class EduconnectConfig(AppConfig):
    """No code any more: only the migrations that created the SMS codes, reset links and emergency
    requests, whose models moved to activation and recovery (their tables kept their names). Keep
    it installed while a database may still have to apply them."""

    name = "educonnect"
    verbose_name = "EduConnect (historique des migrations)"
