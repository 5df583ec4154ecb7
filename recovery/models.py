"""Recovery: single-use password-reset links and pupils' emergency access requests. A link is
kept as the SHA-256 of its token. The tables keep the names they had in ``educonnect``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Establishment, Pupil


class PasswordResetToken(models.Model):
    """A single-use "Mot de passe oublié" link sent to a confirmed e-mail address."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="password_reset_tokens",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("envoyé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au", db_index=True)
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)

    class Meta:
        db_table = "educonnect_passwordresettoken"
        verbose_name = "lien de réinitialisation"
        verbose_name_plural = "liens de réinitialisation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.account} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"


class EmergencyAccessRequest(models.Model):
    """ "Accès de secours": a pupil who lost access asks the référent numérique for a new letter."""

    class Status(models.TextChoices):
        OPEN = "open", "À traiter"
        RESOLVED = "resolved", "Traitée (nouveau courrier)"
        REJECTED = "rejected", "Rejetée"

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="emergency_requests",
    )
    pupil = models.ForeignKey(
        Pupil,
        verbose_name="élève reconnu",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emergency_requests",
        help_text="Vide quand les informations saisies ne désignent aucun élève de façon certaine.",
    )
    last_name = models.CharField("nom saisi", max_length=100)
    first_name = models.CharField("prénom saisi", max_length=100)
    division_label = models.CharField("classe saisie", max_length=20)
    birth_date = models.DateField("date de naissance saisie")
    message = models.TextField("message", blank=True, max_length=1000)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    status = models.CharField(
        "état", max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField("reçue le", default=timezone.now, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traitée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField("traitée le", null=True, blank=True)

    class Meta:
        db_table = "educonnect_emergencyaccessrequest"
        verbose_name = "demande d'accès de secours"
        verbose_name_plural = "demandes d'accès de secours"
        ordering = ["status", "-created_at"]
        indexes = [
            models.Index(fields=["establishment", "status"], name="emergency_estab_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} ({self.division_label}) — {timezone.localtime(self.created_at):%d/%m/%Y}"
