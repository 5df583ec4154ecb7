"""A user's personal notes, tasks and favoris: plain text, owned, erased with the account
(cascade)."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models

from accounts.models import User
from apps_catalog.models import Application

from . import messages as texts

TITLE_MAX = 200
NOTE_TEXT_MAX = 10_000


class Note(models.Model):
    owner = models.ForeignKey(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("titre", max_length=TITLE_MAX)
    text = models.TextField("texte", max_length=NOTE_TEXT_MAX, blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "note"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-updated_at"])]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    owner = models.ForeignKey(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("tâche", max_length=TITLE_MAX)
    due_on = models.DateField("à faire pour le", null=True, blank=True)
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "tâche"
        indexes = [models.Index(fields=["owner", "done_at"])]

    def __str__(self) -> str:
        return self.title


FAVORITE_URL_MAX = 500
# Only web addresses: a javascript: or data: link in a favori would run in the portal's origin.
favorite_url_validator = URLValidator(
    schemes=["http", "https"],
    message=texts.FAVORITE_URL_INVALID,
)


class Favorite(models.Model):
    """One of the user's favoris: either their own link (title and http/https address) or an
    application of the catalogue pinned from "Mes applications" (shown only while their profile
    may see it). Ordered by ``position`` (the "Monter" / "Descendre" buttons)."""

    owner = models.ForeignKey(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField("position", default=0)
    title = models.CharField("titre", max_length=TITLE_MAX, blank=True)
    url = models.CharField(
        "adresse", max_length=FAVORITE_URL_MAX, blank=True, validators=[favorite_url_validator]
    )
    application = models.ForeignKey(
        Application,
        verbose_name="application épinglée",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "favori"
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["owner", "position"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "application"],
                condition=models.Q(application__isnull=False),
                name="bureau_favorite_app_once",
            ),
            # A link has a title and an address; a pinned application has neither.
            models.CheckConstraint(
                condition=(
                    models.Q(application__isnull=True) & ~models.Q(url="") & ~models.Q(title="")
                )
                | (models.Q(application__isnull=False) & models.Q(url="") & models.Q(title="")),
                name="bureau_favorite_link_or_app",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"application {self.application_id}"

    @property
    def is_link(self) -> bool:
        return self.application_id is None
