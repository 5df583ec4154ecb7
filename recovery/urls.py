from django.urls import path

from . import views

app_name = "recovery"

urlpatterns = [
    path("educonnect/identifiant-oublie/", views.identifier_forgotten, name="identifier_forgotten"),
    path("educonnect/identifiant-oublie/envoye/", views.identifier_sent, name="identifier_sent"),
    path("educonnect/mot-de-passe-oublie/", views.password_forgotten, name="password_forgotten"),
    path(
        "educonnect/mot-de-passe-oublie/courriel-envoye/",
        views.password_link_sent,
        name="password_link_sent",
    ),
    path("educonnect/mot-de-passe-oublie/code/", views.password_code, name="password_code"),
    path(
        "educonnect/mot-de-passe-oublie/lien/<str:token>/",
        views.password_link,
        name="password_link",
    ),
    path("educonnect/acces-de-secours/", views.emergency_access, name="emergency_access"),
    path("educonnect/acces-de-secours/transmise/", views.emergency_sent, name="emergency_sent"),
]
