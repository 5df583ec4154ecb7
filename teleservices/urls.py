from django.urls import path

from . import views

app_name = "teleservices"

# Scolarité services: the families' space.
urlpatterns = [
    path("teleservices/", views.home, name="home"),
    path("teleservices/services-en-ligne/", views.services_en_ligne, name="services_en_ligne"),
    path("teleservices/eleve/<int:pupil_id>/", views.child_home, name="child_home"),
    path(
        "teleservices/eleve/<int:pupil_id>/vie-scolaire/", views.vie_scolaire, name="vie_scolaire"
    ),
    path("teleservices/eleve/<int:pupil_id>/cahier-de-textes/", views.cahier, name="cahier"),
    path("teleservices/eleve/<int:pupil_id>/notes/", views.notes, name="notes"),
    path("teleservices/eleve/<int:pupil_id>/livret/", views.livret, name="livret"),
]
