from django.urls import path

from .views import bilans as views
from .views import cycle

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
    path("livret/lsu.xml", views.school_lsu_export, name="school_lsu_export"),
    path("livret/eleve/<int:pupil_id>/fin-de-cycle/", cycle.cycle_bilan, name="cycle"),
    path(
        "livret/eleve/<int:pupil_id>/fin-de-cycle/verrouiller/",
        cycle.cycle_bilan_lock,
        name="cycle_lock",
    ),
    path("livret/fin-de-cycle/<int:cycle_bilan_id>/pdf/", cycle.cycle_pdf, name="cycle_pdf"),
]
