from django.urls import path

from . import views

app_name = "demarches"

# The conseil de classe's orientation pages (professeur principal, direction).
urlpatterns = [
    path("orientation/", views.orientation_home, name="orientation_home"),
    path(
        "orientation/classe/<int:division_id>/",
        views.orientation_class,
        name="orientation_class",
    ),
    path("orientation/dossier/<int:file_id>/", views.orientation_file, name="orientation_file"),
]
