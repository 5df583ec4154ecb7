from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.services_en_ligne, name="services_en_ligne"),
    path("charte/", views.charter, name="charter"),
    path("charte/refuser/", views.charter_refuse, name="charter_refuse"),
    path("mes-applications/", views.dashboard, name="dashboard"),
]
