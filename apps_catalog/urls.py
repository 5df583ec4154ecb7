from django.urls import path  # noqa: F401

app_name = "apps_catalog"

urlpatterns: list = []
