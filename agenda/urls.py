from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.month, name="month"),
    path("agenda/semaine/", views.week, name="week"),
    path("agenda/nouveau/", views.personal_create, name="personal_create"),
    path("agenda/personnel/<int:event_id>/", views.personal_event, name="personal_event"),
    path("agenda/personnel/<int:event_id>/modifier/", views.personal_edit, name="personal_edit"),
    path(
        "agenda/personnel/<int:event_id>/supprimer/",
        views.personal_delete,
        name="personal_delete",
    ),
    path("agenda/etablissement/nouveau/", views.school_create, name="school_create"),
    path("agenda/etablissement/<int:event_id>/", views.school_event, name="school_event"),
    path("agenda/etablissement/<int:event_id>/modifier/", views.school_edit, name="school_edit"),
    path(
        "agenda/etablissement/<int:event_id>/supprimer/",
        views.school_delete,
        name="school_delete",
    ),
    path("agenda/abonnement/", views.subscription, name="subscription"),
    path("agenda/ics/<str:token>.ics", views.feed, name="feed"),
]
