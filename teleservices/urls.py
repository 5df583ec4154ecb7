from django.urls import path

from . import vie_scolaire_views, views

app_name = "teleservices"

# Scolarité services: the families' space.
urlpatterns = [
    path("teleservices/", views.home, name="home"),
    path("teleservices/services-en-ligne/", views.services_en_ligne, name="services_en_ligne"),
    path("teleservices/eleve/<int:pupil_id>/", views.child_home, name="child_home"),
    path(
        "teleservices/eleve/<int:pupil_id>/vie-scolaire/", views.vie_scolaire, name="vie_scolaire"
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/vie-scolaire/absences/<int:event_id>/justifier/",
        vie_scolaire_views.justify,
        name="vie_scolaire_justify",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/vie-scolaire/prevenir/",
        vie_scolaire_views.declare,
        name="vie_scolaire_declare",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/vie-scolaire/justificatifs/<int:justification_id>/",
        vie_scolaire_views.justification_document,
        name="vie_scolaire_document",
    ),
    path("teleservices/eleve/<int:pupil_id>/cahier-de-textes/", views.cahier, name="cahier"),
    path("teleservices/eleve/<int:pupil_id>/notes/", views.notes, name="notes"),
    path("teleservices/eleve/<int:pupil_id>/livret/", views.livret, name="livret"),
]
