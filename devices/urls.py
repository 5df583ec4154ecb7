from django.urls import path

from . import views

app_name = "devices"

urlpatterns = [
    # Mon compte > Mes appareils (a logged-in browser).
    path("compte/appareils/", views.device_list, name="device_list"),
    path("compte/appareils/connecter/", views.pairing_start, name="pairing_start"),
    path("compte/appareils/connecter/qr-code/", views.pairing_qr, name="pairing_qr"),
    path(
        "compte/appareils/<int:device_id>/renommer/",
        views.device_rename_view,
        name="device_rename",
    ),
    path(
        "compte/appareils/<int:device_id>/deconnecter/",
        views.device_revoke_view,
        name="device_revoke",
    ),
    # The phone: the QR code's link, then the code.
    path("appareil/connexion/", views.phone_code, name="phone_code"),
    path("appareil/<str:token>/", views.phone_link, name="phone_link"),
    # Home screen installation.
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
