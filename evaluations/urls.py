from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("carnet-de-notes/", views.mon_carnet, name="mon_carnet"),
    path("carnet-de-notes/classe/<int:service_id>/", views.service, name="service"),
    path(
        "carnet-de-notes/classe/<int:service_id>/devoir/nouveau/",
        views.devoir_new,
        name="devoir_new",
    ),
    path(
        "carnet-de-notes/classe/<int:service_id>/competence/nouvelle/",
        views.skill_new,
        name="skill_new",
    ),
    path("carnet-de-notes/devoir/<int:devoir_id>/", views.devoir_grid, name="devoir_grid"),
    path(
        "carnet-de-notes/devoir/<int:devoir_id>/modifier/",
        views.devoir_edit,
        name="devoir_edit",
    ),
    path(
        "carnet-de-notes/devoir/<int:devoir_id>/supprimer/",
        views.devoir_delete,
        name="devoir_delete",
    ),
    path("carnet-de-notes/competence/<int:item_id>/", views.skill_grid, name="skill_grid"),
    path(
        "carnet-de-notes/competence/<int:item_id>/supprimer/",
        views.skill_delete,
        name="skill_delete",
    ),
]
