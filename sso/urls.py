from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("applications/<slug:slug>/ouvrir/", views.application_open, name="open"),
    # The CAS protocol's paths.
    path("cas/login", views.cas_login, name="cas_login"),
    path("cas/serviceValidate", views.cas_service_validate, name="cas_service_validate"),
]
