from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Cartable — administration"
admin.site.site_title = "Cartable"
admin.site.index_title = "Secrétariat"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("applications/", include("apps_catalog.urls")),
    path("", include("accounts.urls")),
    path("", include("portal.urls")),
]
