from django.db import models

from accounts.models import User
from core.versions import CachedVersion

CATALOG_VERSION_CACHE_KEY = "apps_catalog:version"


CATALOG_VERSION = CachedVersion(CATALOG_VERSION_CACHE_KEY)


def bump_catalog_version() -> None:
    """Invalidates every cached tile list at once (the key is part of their cache keys)."""
    CATALOG_VERSION.bump()


class Category(models.Model):
    name = models.CharField("nom", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        bump_catalog_version()


class Application(models.Model):
    class OpensWith(models.TextChoices):
        SSO = "sso", "Authentification unique (SSO)"
        LINK = "link", "Lien simple"
        # A page of this portal (e.g. Téléservices): only the path of the address is used, so
        # the link follows the portal whatever its host name.
        INTERNAL = "page", "Page du portail"

    name = models.CharField("nom", max_length=100)
    slug = models.SlugField("identifiant", unique=True)
    description = models.CharField("description", max_length=255, blank=True)
    icon = models.CharField(
        "icône",
        max_length=60,
        default="fr-icon-layout-grid-line",
        help_text="Classe d'icône du Système de design de l'État, ex. fr-icon-book-2-line.",
    )
    url = models.URLField("adresse", max_length=500)
    category = models.ForeignKey(
        Category, verbose_name="catégorie", on_delete=models.PROTECT, related_name="applications"
    )
    opens_with = models.CharField(
        "ouverture", max_length=4, choices=OpensWith.choices, default=OpensWith.LINK
    )
    is_active = models.BooleanField("active", default=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "application"
        ordering = ["category__order", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        bump_catalog_version()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        bump_catalog_version()
        return result


class ApplicationAudience(models.Model):
    """Which profiles see an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="audiences")
    profile = models.CharField("profil", max_length=12, choices=User.Profile.choices)
    # A tile speaks to whoever reads it: "…de vos enfants" to a parent, not to a pupil or teacher.
    description = models.CharField(
        "description pour ce profil",
        max_length=255,
        blank=True,
        help_text="Laissée vide : la description de l'application.",
    )

    class Meta:
        verbose_name = "profil autorisé"
        verbose_name_plural = "profils autorisés"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "profile"], name="application_audience_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_profile_display()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        bump_catalog_version()
