from django.apps import AppConfig


class StaffOtpConfig(AppConfig):
    name = "staff_otp"
    verbose_name = "Passecode OTP des personnels"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
