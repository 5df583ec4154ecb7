from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from activation import franceconnect_oidc

admin.site.site_header = "Cartable — administration"
admin.site.site_title = "Cartable"
admin.site.index_title = "Secrétariat"

# 400, 403 and 404: Django's handlers with templates/<code>.html. 500: rendered without the request.
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # allauth's generic login page: people choose their profile on "Services en ligne" instead.
    path(
        "comptes/login/",
        RedirectView.as_view(pattern_name="portal:services_en_ligne", query_string=True),
    ),
    path("comptes/securite/", include("staff_otp.urls")),
    # FranceConnect's callback (signed userinfo), ahead of allauth's generic OpenID Connect one.
    path(
        "comptes/oidc/<str:provider_id>/login/callback/",
        franceconnect_oidc.callback,
        name="franceconnect_callback",
    ),
    path("comptes/", include("allauth.urls")),
    path("", include("sso.urls")),
    path("", include("activation.urls")),
    path("", include("recovery.urls")),
    path("", include("selfservice.urls")),
    path("", include("cahier_de_textes.urls")),
    path("", include("vie_scolaire.urls")),
    path("", include("actualites.urls")),
    path("", include("bureau.urls")),
    path("", include("agenda.urls")),
    path("", include("evaluations.urls")),
    path("", include("livret.urls")),
    path("", include("demarches.urls")),
    path("", include("teleservices.urls")),
    path("", include("devices.urls")),
    path("", include("pronote_bridge.urls")),
    path("", include("messagerie.urls")),
    path("", include("portal.urls")),
]
