from django.urls import path

from . import views

app_name = "pronote_bridge"

urlpatterns = [
    path("pronote/", views.pronote_open, name="open"),
    path("pronote/mobile/", views.pronote_mobile, name="mobile"),
]
