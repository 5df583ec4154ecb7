from django.urls import path

from . import views

app_name = "apps_catalog"

urlpatterns = [
    path("<slug:slug>/ouvrir/", views.application_open, name="open"),
]
