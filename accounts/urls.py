from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/eleve-parent/", views.login_educonnect, name="login_educonnect"),
    path("connexion/academique/", views.login_academic, name="login_academic"),
    path("connexion/identifiant-oublie/", views.forgotten_identifier, name="forgotten_identifier"),
    path("connexion/mot-de-passe-oublie/", views.forgotten_password, name="forgotten_password"),
    path("connexion/pas-encore-d-identifiant/", views.no_identifier_yet, name="no_identifier_yet"),
    path("connexion/academique/aide/", views.academic_help, name="academic_help"),
    path("connexion/academique/identifiants-oublies/", views.academic_forgotten, name="academic_forgotten"),
    path("deconnexion-partout/", views.logout_everywhere, name="logout_everywhere"),
]
