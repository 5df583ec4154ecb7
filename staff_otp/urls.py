from django.urls import path

from . import views

app_name = "staff_otp"

urlpatterns = [
    path("", views.security, name="security"),
    path("passecode/", views.passcode, name="passcode"),
]
