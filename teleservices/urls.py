from django.urls import path

from . import bourse_views, orientation_views, vie_scolaire_views, views

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
    path("teleservices/eleve/<int:pupil_id>/bourse/", bourse_views.bourse, name="bourse"),
    path(
        "teleservices/eleve/<int:pupil_id>/bourse/etape-<int:step>/",
        bourse_views.bourse_step,
        name="bourse_step",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/bourse/envoyer/",
        bourse_views.bourse_submit,
        name="bourse_submit",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/bourse/avis-d-imposition/",
        bourse_views.bourse_document,
        name="bourse_document",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/bourse/notification-de-decision.pdf",
        bourse_views.bourse_decision_pdf,
        name="bourse_pdf",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/orientation/",
        orientation_views.orientation,
        name="orientation",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/orientation/<int:campaign_id>/",
        orientation_views.orientation_save,
        name="orientation_save",
    ),
    path(
        "teleservices/eleve/<int:pupil_id>/orientation/<int:campaign_id>/reponse/",
        orientation_views.orientation_answer,
        name="orientation_answer",
    ),
    path("teleservices/eleve/<int:pupil_id>/cahier-de-textes/", views.cahier, name="cahier"),
    path("teleservices/eleve/<int:pupil_id>/notes/", views.notes, name="notes"),
    path("teleservices/eleve/<int:pupil_id>/livret/", views.livret, name="livret"),
]
