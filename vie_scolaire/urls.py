from django.urls import path

from . import views

app_name = "vie_scolaire"

# The staff's vie scolaire (the "Vie scolaire" tile opens /vie-scolaire/).
urlpatterns = [
    path("vie-scolaire/", views.desk, name="desk"),
    path("vie-scolaire/appel/", views.roll_call_start, name="roll_call_start"),
    path("vie-scolaire/appel/<int:service_id>/", views.roll_call, name="roll_call"),
    path("vie-scolaire/evenements/nouveau/", views.event_new, name="event_new"),
    path("vie-scolaire/evenements/<int:event_id>/", views.event_edit, name="event_edit"),
    path(
        "vie-scolaire/justificatifs/<int:justification_id>/",
        views.justification,
        name="justification",
    ),
    path(
        "vie-scolaire/justificatifs/<int:justification_id>/document/",
        views.justification_document,
        name="justification_document",
    ),
]
