from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("applications/<slug:slug>/ouvrir/", views.application_open, name="open"),
    # The CAS protocol's paths (Apereo CAS 3.0 specification, appendix).
    path("cas/login", views.cas_login, name="cas_login"),
    path("cas/logout", views.cas_logout, name="cas_logout"),
    path("cas/validate", views.cas_validate, name="cas_validate"),
    path("cas/serviceValidate", views.cas_service_validate, name="cas_service_validate"),
    path("cas/proxyValidate", views.cas_service_validate, name="cas_proxy_validate"),
    path("cas/p3/serviceValidate", views.cas_service_validate, name="cas_p3_service_validate"),
    path("cas/p3/proxyValidate", views.cas_service_validate, name="cas_p3_proxy_validate"),
    path("cas/samlValidate", views.cas_saml_validate, name="cas_saml_validate"),
]
