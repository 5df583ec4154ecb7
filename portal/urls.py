from django.urls import path

from . import login, views

app_name = "portal"

urlpatterns = [
    path("", views.services_en_ligne, name="services_en_ligne"),
    path("charte/", views.charter, name="charter"),
    path("charte/refuser/", views.charter_refuse, name="charter_refuse"),
    path("mes-applications/", views.dashboard, name="dashboard"),
    path("connexion/eleve-parent/", login.login_educonnect, name="login_educonnect"),
    path("connexion/academique/", login.login_academic, name="login_academic"),
    path("connexion/identifiant-oublie/", login.forgotten_identifier, name="forgotten_identifier"),
    path("connexion/mot-de-passe-oublie/", login.forgotten_password, name="forgotten_password"),
    path("connexion/pas-encore-d-identifiant/", login.no_identifier_yet, name="no_identifier_yet"),
    path("connexion/academique/aide/", login.academic_help, name="academic_help"),
    path("connexion/aide/", login.connection_help, name="connection_help"),
    path(
        "connexion/academique/identifiants-oublies/",
        login.academic_forgotten,
        name="academic_forgotten",
    ),
    path("deconnexion-partout/", login.logout_everywhere, name="logout_everywhere"),
]
