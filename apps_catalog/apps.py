from django.apps import AppConfig


class AppsCatalogConfig(AppConfig):
    name = "apps_catalog"
    verbose_name = "Catalogue des applications"
