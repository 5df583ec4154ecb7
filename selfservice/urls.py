from django.urls import path

from . import views

app_name = "selfservice"

# Mon compte: profile, children, regroupement, fiche de renseignements.
urlpatterns = [
    path("compte/", views.account_home, name="account_home"),
    path("compte/profil/", views.account_profile, name="account_profile"),
    path("compte/profil/adresse-mail/", views.account_email_change, name="account_email_change"),
    path(
        "compte/profil/adresse-mail/confirmer/<str:token>/",
        views.account_email_change_confirm_view,
        name="account_email_change_confirm",
    ),
    path(
        "compte/profil/adresse-mail/annuler/<str:token>/",
        views.account_email_change_cancel_view,
        name="account_email_change_cancel",
    ),
    path(
        "compte/profil/mot-de-passe/",
        views.account_password_change_view,
        name="account_password_change",
    ),
    path("compte/notifications/", views.account_notifications, name="account_notifications"),
    path("compte/enfants/", views.account_children_view, name="account_children"),
    path("compte/regrouper/", views.merge_start, name="merge_start"),
    path("compte/regrouper/confirmation/", views.merge_confirm, name="merge_confirm"),
    path("compte/regrouper/termine/", views.merge_done, name="merge_done"),
    path("compte/fiche-de-renseignements/", views.fiche_view, name="fiche"),
    path("compte/fiche-de-renseignements/<int:guardian_id>/", views.fiche_edit, name="fiche_edit"),
]
