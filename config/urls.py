from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

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
    path("comptes/", include("allauth.urls")),
    path("", include("sso.urls")),
    path("", include("activation.urls")),
    path("", include("recovery.urls")),
    path("", include("selfservice.urls")),
    path("", include("portal.urls")),
]
