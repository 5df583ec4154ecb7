from django.apps import AppConfig


class PronoteBridgeConfig(AppConfig):
    """Single sign-on to Pronote and the mobile-app QR configuration."""

    name = "pronote_bridge"
    verbose_name = "Passerelle Pronote"
