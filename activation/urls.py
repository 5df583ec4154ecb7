from django.urls import path

from .views import creation, first_connection

app_name = "activation"

urlpatterns = [
    path(
        "premiere-connexion/",
        first_connection.first_connection_login,
        name="first_connection_login",
    ),
    path(
        "premiere-connexion/formulaire/", first_connection.first_connection, name="first_connection"
    ),
    path(
        "premiere-connexion/courrier-non-valable/",
        first_connection.letter_invalid,
        name="letter_invalid",
    ),
    path(
        "compte/en-attente-de-validation/", first_connection.awaiting_email, name="awaiting_email"
    ),
    path("compte/renvoyer-le-mail/", first_connection.email_resend, name="email_resend"),
    path(
        "compte/valider-adresse-mail/<str:token>/",
        first_connection.email_confirm_view,
        name="email_confirm",
    ),
    # "Je n'ai pas encore d'identifiant": a parent's account created by SMS.
    path("educonnect/pas-encore-d-identifiant/", creation.no_identifier, name="no_identifier"),
    path("educonnect/creer-mon-compte/", creation.creation_start_view, name="creation_start"),
    path("educonnect/creer-mon-compte/code/", creation.creation_code_view, name="creation_code"),
    path(
        "educonnect/creer-mon-compte/identifiant/",
        creation.creation_password_view,
        name="creation_password",
    ),
]
