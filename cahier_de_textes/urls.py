from django.urls import path

from . import views

app_name = "cahier_de_textes"

urlpatterns = [
    path("cahier-de-textes/", views.mon_cahier, name="mon_cahier"),
    path("cahier-de-textes/consultation/", views.consultation, name="consultation"),
    path("cahier-de-textes/consultation/visa/", views.visa, name="visa"),
    path("cahier-de-textes/classe/<int:service_id>/", views.service, name="service"),
    path(
        "cahier-de-textes/classe/<int:service_id>/seance/nouvelle/",
        views.seance_new,
        name="seance_new",
    ),
    path(
        "cahier-de-textes/classe/<int:service_id>/travail/nouveau/",
        views.homework_new,
        name="homework_new",
    ),
    path("cahier-de-textes/seance/<int:seance_id>/", views.seance_edit, name="seance_edit"),
    path(
        "cahier-de-textes/seance/<int:seance_id>/supprimer/",
        views.seance_delete,
        name="seance_delete",
    ),
    path("cahier-de-textes/seance/<int:seance_id>/copier/", views.seance_copy, name="seance_copy"),
    path("cahier-de-textes/travail/<int:homework_id>/", views.homework_edit, name="homework_edit"),
    path(
        "cahier-de-textes/travail/<int:homework_id>/supprimer/",
        views.homework_delete,
        name="homework_delete",
    ),
    path(
        "cahier-de-textes/travail/<int:homework_id>/fait/",
        views.homework_done,
        name="homework_done",
    ),
    path(
        "cahier-de-textes/piece-jointe/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
]
