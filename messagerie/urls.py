from django.urls import path

from . import views

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
]
