"""Establishments and their classes (divisions)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

uai_validator = RegexValidator(
    r"^\d{7}[A-Z]$", "Un code UAI comporte 7 chiffres suivis d'une lettre majuscule (ex. 0860123X)."
)


class Establishment(models.Model):
    class Kind(models.TextChoices):
        EDUCATION_NATIONALE = "EN", "Éducation nationale"
        AGRICOLE = "AGRI", "Agricole"

    uai = models.CharField("UAI", max_length=8, unique=True, validators=[uai_validator])
    name = models.CharField("nom", max_length=200)
    kind = models.CharField(
        "type", max_length=4, choices=Kind.choices, default=Kind.EDUCATION_NATIONALE
    )
    academie = models.CharField("académie", max_length=80, blank=True)
    city = models.CharField("commune", max_length=120, blank=True)
    school_year = models.PositiveSmallIntegerField(
        "année scolaire en cours",
        help_text="Année de la rentrée (2026 pour 2026-2027). Les exports SIECLE d'une autre année sont refusés.",
    )
    vie_scolaire_phone = PhoneNumberField("téléphone vie scolaire", blank=True)
    vie_scolaire_fax = PhoneNumberField("fax vie scolaire", blank=True)
    vie_scolaire_email = models.EmailField("courriel vie scolaire", blank=True)

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"


class Division(models.Model):
    """A class ("division" in SIECLE), e.g. "5 B"."""

    class Level(models.TextChoices):
        SIXIEME = "6", "6e"
        CINQUIEME = "5", "5e"
        QUATRIEME = "4", "4e"
        TROISIEME = "3", "3e"
        OTHER = "", "Autre"

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="divisions",
    )
    code = models.CharField("code", max_length=8)
    level = models.CharField("niveau", max_length=1, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = "classe"
        ordering = ["establishment", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "code"], name="division_unique_code")
        ]

    def __str__(self) -> str:
        return self.code
