from django.apps import AppConfig


class CahierDeTextesConfig(AppConfig):
    """The cahier de textes: séances (what was done in class) and travail à faire, written by the
    teachers on their teaching services, read by pupils, their families and the school community."""

    name = "cahier_de_textes"
    verbose_name = "Cahier de textes"
    default_auto_field = "django.db.models.BigAutoField"
