from django.conf import settings
from django.db import models
from django.utils import timezone

from core.versions import CachedVersion

CURRENT_CHARTER_CACHE_KEY = "portal:current-charter-version"


def _latest_published_version() -> int:
    return Charter.objects.aggregate(latest=models.Max("version"))["latest"] or 0


# Read on every ENT request by the charter middleware; dropped whenever a charter is saved or deleted.
CURRENT_CHARTER_VERSION = CachedVersion(
    CURRENT_CHARTER_CACHE_KEY, initial=_latest_published_version
)


class Charter(models.Model):
    """The charte informatique. Publishing a higher version asks every user to accept again."""

    version = models.PositiveIntegerField("version", unique=True)
    title = models.CharField("titre", max_length=200, default="Charte d'utilisation de l'ENT")
    body = models.TextField(
        "texte", help_text="Texte brut ; une ligne vide sépare les paragraphes."
    )
    published_at = models.DateTimeField("publiée le", default=timezone.now)

    class Meta:
        verbose_name = "charte informatique"
        verbose_name_plural = "chartes informatiques"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} — version {self.version}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        CURRENT_CHARTER_VERSION.forget()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        CURRENT_CHARTER_VERSION.forget()
        return result


class CharterAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="charter_acceptances",
    )
    charter = models.ForeignKey(
        Charter, verbose_name="charte", on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField("acceptée le", default=timezone.now)

    class Meta:
        verbose_name = "acceptation de la charte"
        verbose_name_plural = "acceptations de la charte"
        constraints = [
            models.UniqueConstraint(fields=["user", "charter"], name="charter_acceptance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — v{self.charter.version} — {timezone.localtime(self.accepted_at):%d/%m/%Y}"
