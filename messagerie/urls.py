from django.urls import path

from . import views, views_carnet

app_name = "messagerie"

urlpatterns = [
    path("courriels/", views.folder, name="inbox"),
    path("courriels/ecrire/", views.compose, name="compose"),
    path("courriels/dossier/<slug:slug>/", views.folder, name="folder"),
    path("courriels/message/<int:pk>/", views.message_detail, name="message"),
    path("courriels/message/<int:pk>/<slug:action>/", views.message_action, name="message_action"),
    path("courriels/brouillon/<int:pk>/", views.compose, name="draft"),
    path("courriels/brouillon/<int:pk>/confirmer/", views.draft_confirm, name="draft_confirm"),
    path("courriels/brouillon/<int:pk>/supprimer/", views.draft_discard, name="draft_discard"),
    path("courriels/piece-jointe/<int:pk>/", views.attachment_download, name="attachment"),
    path("courriels/carnet/", views_carnet.carnet, name="carnet"),
    path("courriels/carnet/ajouter/", views_carnet.carnet_add, name="carnet_add"),
    path("courriels/carnet/<int:pk>/", views_carnet.contact_edit, name="contact_edit"),
    path(
        "courriels/carnet/<int:pk>/supprimer/", views_carnet.contact_delete, name="contact_delete"
    ),
    path("courriels/carnet/<int:pk>/ecrire/", views_carnet.contact_write, name="contact_write"),
    path("annuaire/", views_carnet.annuaire, name="annuaire"),
]
