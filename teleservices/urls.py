from django.urls import path

from . import views

app_name = "teleservices"

urlpatterns = [
    path("premiere-connexion/", views.first_connection_login, name="first_connection_login"),
    path("premiere-connexion/formulaire/", views.first_connection, name="first_connection"),
    path("premiere-connexion/courrier-non-valable/", views.letter_invalid, name="letter_invalid"),
    path("compte/en-attente-de-validation/", views.awaiting_email, name="awaiting_email"),
    path("compte/renvoyer-le-mail/", views.email_resend, name="email_resend"),
    path("compte/valider-adresse-mail/<str:token>/", views.email_confirm_view, name="email_confirm"),
]
