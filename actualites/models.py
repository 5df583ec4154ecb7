"""A news of the establishment ("information"), its audience and its validation."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.models import Division, Establishment, User
from core.uploads import PrivateUploadTo


class News(models.Model):
    class Audience(models.TextChoices):
        SCHOOL = "school", "Tout l'établissement"
        PARENTS = "parents", "Les parents"
        PUPILS = "pupils", "Les élèves"
        STAFF = "staff", "Les personnels"
        LEVEL = "level", "Un niveau"
        DIVISION = "division", "Une classe"

    class Status(models.TextChoices):
        PENDING = "pending", "En attente de validation"
        PUBLISHED = "published", "Publiée"
        REFUSED = "refused", "Refusée"

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        User,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shown under the title; kept when the author's account goes.
    author_name = models.CharField("signée", max_length=150)
    title = models.CharField("titre", max_length=200)
    # Sanitised HTML (core.html): rendered as is.
    body = models.TextField("texte")
    image = models.FileField(
        "image", upload_to=PrivateUploadTo("actualites"), blank=True, max_length=200
    )
    # What the image's content was checked to be (core.uploads), served with it.
    image_type = models.CharField("type de l'image", max_length=40, blank=True)
    image_alt = models.CharField("description de l'image", max_length=250, blank=True)
    audience = models.CharField("destinataires", max_length=10, choices=Audience.choices)
    level = models.CharField("niveau", max_length=1, choices=Division.Level.choices, blank=True)
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    publish_on = models.DateField("publiée à partir du")
    expires_on = models.DateField("publiée jusqu'au")
    status = models.CharField("état", max_length=10, choices=Status.choices)
    created_at = models.DateTimeField("écrite le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    published_at = models.DateTimeField("validée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name="validée ou refusée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_message = models.TextField("motif du refus", blank=True)

    class Meta:
        verbose_name = "information"
        ordering = ["-publish_on", "-pk"]
        indexes = [
            models.Index(fields=["establishment", "status", "publish_on"], name="news_current_idx"),
            models.Index(fields=["expires_on"], name="news_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("publish_on")), name="news_dates_in_order"
            ),
            models.CheckConstraint(
                condition=(
                    Q(audience="level", division__isnull=True) & ~Q(level="")
                    | Q(audience="division", division__isnull=False, level="")
                    | (Q(division__isnull=True, level="") & ~Q(audience__in=["level", "division"]))
                ),
                name="news_audience_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_label(self) -> str:
        if self.audience == self.Audience.LEVEL:
            return f"Les {self.get_level_display()}"
        if self.audience == self.Audience.DIVISION:
            return f"La classe de {self.division.code}" if self.division else "Une classe"
        return self.get_audience_display()
