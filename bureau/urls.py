from django.urls import path

from . import views

app_name = "bureau"

urlpatterns = [
    path("bureau/bloc-notes/", views.notes, name="notes"),
    path("bureau/bloc-notes/<int:note_id>/", views.note_edit, name="note_edit"),
    path("bureau/bloc-notes/<int:note_id>/supprimer/", views.note_delete, name="note_delete"),
    path("bureau/taches/", views.tasks, name="tasks"),
    path("bureau/taches/<int:task_id>/basculer/", views.task_toggle, name="task_toggle"),
    path("bureau/taches/<int:task_id>/supprimer/", views.task_delete, name="task_delete"),
    path("bureau/favoris/", views.favorites, name="favorites"),
    path("bureau/favoris/epingler/", views.favorite_pin, name="favorite_pin"),
    path("bureau/favoris/<int:favorite_id>/", views.favorite_edit, name="favorite_edit"),
    path(
        "bureau/favoris/<int:favorite_id>/monter/",
        views.favorite_move,
        {"up": True},
        name="favorite_up",
    ),
    path(
        "bureau/favoris/<int:favorite_id>/descendre/",
        views.favorite_move,
        {"up": False},
        name="favorite_down",
    ),
    path(
        "bureau/favoris/<int:favorite_id>/supprimer/",
        views.favorite_delete,
        name="favorite_delete",
    ),
]
