from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every other app builds on: no models, imports no other app of the project."""

    name = "core"
    verbose_name = "Socle"
