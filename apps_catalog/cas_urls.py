"""Mounted at /cas/ (CAS 2.0 protocol paths)."""

from django.urls import path

from . import views

app_name = "cas"

urlpatterns = [
    path("login", views.cas_login, name="login"),
    path("serviceValidate", views.cas_service_validate, name="service_validate"),
]
