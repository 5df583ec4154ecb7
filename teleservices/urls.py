from django.urls import path

from . import views, views_account

app_name = "teleservices"

urlpatterns = [
    path("premiere-connexion/", views.first_connection_login, name="first_connection_login"),
    path("premiere-connexion/formulaire/", views.first_connection, name="first_connection"),
    path("premiere-connexion/courrier-non-valable/", views.letter_invalid, name="letter_invalid"),
    path("compte/en-attente-de-validation/", views.awaiting_email, name="awaiting_email"),
    path("compte/renvoyer-le-mail/", views.email_resend, name="email_resend"),
    path("compte/valider-adresse-mail/<str:token>/", views.email_confirm_view, name="email_confirm"),
]

# Mon compte (issue 5): profile, children, regroupement, fiche de renseignements.
urlpatterns += [
    path("compte/", views_account.account_home, name="account_home"),
    path("compte/profil/", views_account.account_profile, name="account_profile"),
    path("compte/profil/adresse-mail/", views_account.account_email_change, name="account_email_change"),
    path(
        "compte/profil/adresse-mail/confirmer/<str:token>/",
        views_account.account_email_change_confirm_view,
        name="account_email_change_confirm",
    ),
    path("compte/profil/mot-de-passe/", views_account.account_password_change_view, name="account_password_change"),
    path("compte/enfants/", views_account.account_children_view, name="account_children"),
    path("compte/regrouper/", views_account.merge_start, name="merge_start"),
    path("compte/regrouper/confirmation/", views_account.merge_confirm, name="merge_confirm"),
    path("compte/regrouper/termine/", views_account.merge_done, name="merge_done"),
    path("compte/fiche-de-renseignements/", views_account.fiche_view, name="fiche"),
    path("compte/fiche-de-renseignements/<int:guardian_id>/", views_account.fiche_edit, name="fiche_edit"),
]
