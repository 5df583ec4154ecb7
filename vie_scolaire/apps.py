from django.apps import AppConfig


class VieScolaireConfig(AppConfig):
    """The vie scolaire: roll calls, absences, retards, punitions and observations, the families'
    justifications, and the notices they receive."""

    name = "vie_scolaire"
    verbose_name = "Vie scolaire"
    default_auto_field = "django.db.models.BigAutoField"
