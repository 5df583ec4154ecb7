"""Campaigns (a démarche the school opens for some classes over some dates), the barème of the
bourse de collège for a school year, and the families' bourse requests."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Division, Establishment, Pupil, User
from accounts.models.imports import ProgressMixin
from core.uploads import PrivateUploadTo


class Campaign(ProgressMixin, models.Model):
    """One service opened to families for one school year, between two dates, for some levels or
    classes, with a message; the secretariat may tell the concerned guardians by e-mail (in the
    background, with progress: ``notify_status``, ``processed``, ``total``)."""

    class Service(models.TextChoices):
        BOURSE = "bourse", "Demande de bourse de collège"
        ORIENTATION_INTENTIONS = "orientation_intentions", "Orientation : intentions provisoires"
        ORIENTATION_VOEUX = "orientation_voeux", "Orientation : vœux définitifs"
        FICHE_RENSEIGNEMENTS = "fiche", "Fiche de renseignements"

    class NotifyStatus(models.TextChoices):
        NONE = "", "Pas envoyée"
        PENDING = "pending", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Envoyée"

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="campaigns",
    )
    service = models.CharField("démarche", max_length=32, choices=Service.choices)
    school_year = models.PositiveSmallIntegerField(
        "année scolaire", help_text="L'année de la rentrée : 2026 pour 2026-2027."
    )
    opens_at = models.DateTimeField("ouverture")
    closes_at = models.DateTimeField("clôture")
    levels = models.CharField(
        "niveaux",
        max_length=20,
        blank=True,
        help_text="Niveaux concernés, par exemple « 6,5,4,3 » ; vide : selon les classes choisies.",
    )
    divisions = models.ManyToManyField(
        Division, verbose_name="classes", blank=True, related_name="+"
    )
    message = models.TextField("message aux familles", blank=True, max_length=3000)
    notify_status = models.CharField(
        "courriel d'ouverture",
        max_length=10,
        choices=NotifyStatus.choices,
        default=NotifyStatus.NONE,
        blank=True,
    )
    processed = models.PositiveIntegerField("courriels préparés", default=0)
    total = models.PositiveIntegerField("courriels à préparer", default=0)
    notified_at = models.DateTimeField("responsables prévenus le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now)

    class Meta:
        verbose_name = "campagne"
        ordering = ["-school_year", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "service", "school_year"],
                name="campaign_one_per_service_and_year",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.school_year}-{self.school_year + 1}"

    @property
    def status(self) -> str:  # ProgressMixin's "done"
        return self.notify_status

    @property
    def level_list(self) -> list[str]:
        return [level.strip() for level in self.levels.split(",") if level.strip()]

    def state_at(self, now) -> str:
        """« avant » (not open yet), « ouverte », « close »."""
        if now < self.opens_at:
            return "avant"
        if now >= self.closes_at:
            return "close"
        return "ouverte"

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.state == "ouverte"


class CampaignReminder(models.Model):
    """A guardian reminded of a campaign one day: never twice the same day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("jour")

    class Meta:
        verbose_name = "relance"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user", "day"], name="campaign_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Relance du {self.day:%d/%m/%Y}"


class Bareme(models.Model):
    """The barème of the bourse de collège for one school year (it changes every year): the
    yearly amount of each échelon, the income ceilings by number of dependent children."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(
        "année scolaire", help_text="L'année de la rentrée : 2026 pour 2026-2027."
    )

    class Meta:
        verbose_name = "barème des bourses"
        verbose_name_plural = "barèmes des bourses"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "school_year"], name="bareme_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Barème {self.school_year}-{self.school_year + 1}"


class BaremeEchelon(models.Model):
    bareme = models.ForeignKey(Bareme, on_delete=models.CASCADE, related_name="echelons")
    number = models.PositiveSmallIntegerField(
        "échelon", validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    yearly_amount = models.DecimalField(
        "montant annuel (€)",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "échelon"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["bareme", "number"], name="bareme_echelon_unique")
        ]

    def __str__(self) -> str:
        return f"Échelon {self.number}"


class BaremeCeiling(models.Model):
    """The highest revenu fiscal de référence giving ``echelon`` to a household of
    ``dependent_children`` (the line of the largest number applies to larger households)."""

    bareme = models.ForeignKey(Bareme, on_delete=models.CASCADE, related_name="ceilings")
    dependent_children = models.PositiveSmallIntegerField(
        "enfants à charge", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    echelon = models.PositiveSmallIntegerField(
        "échelon", validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    ceiling = models.DecimalField(
        "plafond du revenu fiscal de référence (€)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "plafond de ressources"
        verbose_name_plural = "plafonds de ressources"
        ordering = ["dependent_children", "echelon"]
        constraints = [
            models.UniqueConstraint(
                fields=["bareme", "dependent_children", "echelon"], name="bareme_ceiling_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dependent_children} enfant(s), échelon {self.echelon}"


class BourseRequest(models.Model):
    """One child's demande de bourse for one school year, filed by one of its legal
    representatives: a draft kept at every step, then submitted, instructed by the secretariat."""

    class State(models.TextChoices):
        DRAFT = "brouillon", "Brouillon"
        SUBMITTED = "envoyee", "Envoyée, en cours d'instruction"
        INCOMPLETE = "incomplete", "Pièce demandée"
        ACCEPTED = "acceptee", "Accordée"
        REFUSED = "refusee", "Refusée"

    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="bourse_requests"
    )
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="bourse_requests"
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    filed_by = models.ForeignKey(
        User,
        verbose_name="déposée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "état", max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    dependent_children = models.PositiveSmallIntegerField(
        "enfants à charge",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    reference_income = models.DecimalField(
        "revenu fiscal de référence (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    document = models.FileField(
        "avis d'imposition", upload_to=PrivateUploadTo("demarches"), blank=True, max_length=200
    )
    document_name = models.CharField("nom du document", max_length=120, blank=True)
    document_type = models.CharField("type du document", max_length=120, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True)
    bic = models.CharField("BIC", max_length=11, blank=True)
    account_holder = models.CharField("titulaire du compte", max_length=140, blank=True)
    submitted_at = models.DateTimeField("envoyée le", null=True, blank=True)
    document_checked = models.BooleanField("avis d'imposition vérifié", default=False)
    missing_piece = models.TextField("pièce demandée", blank=True, max_length=1000)
    echelon = models.PositiveSmallIntegerField("échelon accordé", null=True, blank=True)
    yearly_amount = models.DecimalField(
        "montant annuel accordé (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    refusal_reason = models.TextField("motif du refus", blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        User,
        verbose_name="décision de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    documents_erased_at = models.DateTimeField(
        "pièces effacées le", null=True, blank=True, db_index=True
    )
    created_at = models.DateTimeField("commencée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)

    class Meta:
        verbose_name = "demande de bourse"
        verbose_name_plural = "demandes de bourse"
        ordering = ["-updated_at"]
        constraints = [
            # Two guardians of one child cannot file two requests: the second sees the first.
            models.UniqueConstraint(
                fields=["pupil", "school_year"], name="bourse_one_request_per_child_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"Demande de bourse {self.school_year}-{self.school_year + 1}"

    @property
    def is_decided(self) -> bool:
        return self.status in {self.State.ACCEPTED, self.State.REFUSED}

    @property
    def family_can_edit(self) -> bool:
        return self.status in {self.State.DRAFT, self.State.INCOMPLETE}


from .orientation import OrientationFile  # noqa: E402  (uses Campaign)

__all__ = [
    "Bareme",
    "BaremeCeiling",
    "BaremeEchelon",
    "BourseRequest",
    "Campaign",
    "CampaignReminder",
    "OrientationFile",
]
