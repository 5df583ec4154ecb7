from django.apps import AppConfig


class AppsCatalogConfig(AppConfig):
    name = "apps_catalog"
    verbose_name = "Catalogue des applications"

    def ready(self) -> None:
        from . import signals  # noqa: F401
