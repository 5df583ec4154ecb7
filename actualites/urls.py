from django.urls import path

from . import views

app_name = "actualites"

urlpatterns = [
    path("informations/", views.news_list, name="list"),
    path("informations/mes-informations/", views.news_mine, name="mine"),
    path("informations/ecrire/", views.news_write, name="write"),
    path("informations/<int:news_id>/", views.news_detail, name="detail"),
    path("informations/<int:news_id>/image/", views.news_image, name="image"),
    path("informations/<int:news_id>/modifier/", views.news_edit, name="edit"),
    path("informations/<int:news_id>/supprimer/", views.news_remove, name="delete"),
    path("informations/<int:news_id>/validation/", views.news_decide, name="decide"),
]
