from django.urls import path

from . import views

app_name = "livret"

urlpatterns = [
    path("livret/", views.index, name="index"),
    path("livret/classe/<int:service_id>/", views.service_sheet, name="service"),
    path("livret/division/<int:division_id>/", views.division, name="division"),
    path("livret/division/<int:division_id>/lsu.xml", views.lsu_export, name="lsu_export"),
    path(
        "livret/eleve/<int:pupil_id>/periode/<int:period_id>/",
        views.bilan,
        name="bilan",
    ),
    path(
        "livret/eleve/<int:pupil_id>/periode/<int:period_id>/verrouiller/",
        views.bilan_lock,
        name="bilan_lock",
    ),
    path("livret/bilan/<int:bilan_id>/pdf/", views.pdf, name="bilan_pdf"),
]
