"""The orientation en fin de 3e: one file per 3e pupil and phase (campaign)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Pupil, User

from . import Campaign


class OrientationFile(models.Model):
    """One 3e pupil's orientation file for one phase (a campaign: intentions provisoires or vœux
    définitifs): the family's ranked choices among the national voies (``wishes``, each
    ``{"voie", "specialty", "avis", "avis_comment"}``), validated once for the family by one of
    the legal representatives; the conseil de classe's avis per intention (intentions) or its
    proposition (vœux); the family's answer; the direction's final decision (vœux)."""

    class State(models.TextChoices):
        DRAFT = "brouillon", "Brouillon"
        VALIDATED = "validee", "Validé par la famille, en attente du conseil de classe"
        ANSWERED = "avis", "Réponse du conseil de classe à lire"
        ACCEPTED = "accepte", "Accepté par la famille"
        DISAGREED = "desaccord", "Désaccord : entretien avec le chef d'établissement proposé"
        DECIDED = "decide", "Décision d'orientation"

    class Voie(models.TextChoices):
        SECONDE_GT = "2gt", "2de générale et technologique"
        SECONDE_PRO = "2pro", "2de professionnelle"
        CAP = "cap", "1re année de CAP"

    class Avis(models.TextChoices):
        FAVORABLE = "favorable", "Favorable"
        RESERVE = "reserve", "Réservé"
        DEFAVORABLE = "defavorable", "Défavorable"

    campaign = models.ForeignKey(
        Campaign,
        verbose_name="campagne",
        on_delete=models.PROTECT,
        related_name="orientation_files",
    )
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="orientation_files"
    )
    status = models.CharField(
        "état", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    wishes = models.JSONField("choix de la famille", default=list, blank=True)
    comment = models.TextField("commentaire de la famille", blank=True, max_length=1000)
    updated_by = models.ForeignKey(
        User,
        verbose_name="modifié par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_by = models.ForeignKey(
        User,
        verbose_name="validé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    proposal_voie = models.CharField(
        "proposition d'orientation", max_length=8, choices=Voie.choices, blank=True
    )
    proposal_specialty = models.CharField("spécialité proposée", max_length=120, blank=True)
    council_comment = models.TextField("avis du conseil de classe", blank=True, max_length=1000)
    council_by = models.ForeignKey(
        User,
        verbose_name="saisi par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    council_at = models.DateTimeField("conseil de classe saisi le", null=True, blank=True)
    family_agrees = models.BooleanField("la famille accepte", null=True, blank=True)
    family_answer_by = models.ForeignKey(
        User,
        verbose_name="réponse de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    family_answer_at = models.DateTimeField("réponse le", null=True, blank=True)
    decision_voie = models.CharField(
        "décision d'orientation", max_length=8, choices=Voie.choices, blank=True
    )
    decision_specialty = models.CharField("spécialité décidée", max_length=120, blank=True)
    decision_comment = models.TextField("commentaire de la décision", blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        User,
        verbose_name="décision de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    created_at = models.DateTimeField("commencé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "dossier d'orientation"
        verbose_name_plural = "dossiers d'orientation"
        ordering = ["pupil__last_name", "pupil__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "pupil"], name="orientation_one_file_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"Orientation de {self.pupil}"

    @property
    def is_voeux(self) -> bool:
        return self.campaign.service == Campaign.Service.ORIENTATION_VOEUX

    @property
    def family_can_edit(self) -> bool:
        return self.status == self.State.DRAFT

    @property
    def wish_rows(self) -> list[dict]:
        """The wishes with their labels, for the pages."""
        voies = dict(self.Voie.choices)
        avis = dict(self.Avis.choices)
        return [
            {
                **wish,
                "rank": rank,
                "voie_label": voies.get(wish.get("voie", ""), ""),
                "avis_label": avis.get(wish.get("avis", ""), ""),
            }
            for rank, wish in enumerate(self.wishes, start=1)
        ]
