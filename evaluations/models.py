"""The evaluation side of the school year: the establishment's periods (trimestres or semestres),
the teachers' devoirs and their marks (the mark book), the socle commun's skill items and the
levels each pupil reached.

A devoir belongs to one teaching service (a teacher, a subject, a class or a group) and one
period. Everything hangs off the establishment: the daily sweep erases a school year's marks and
skills at the end of the following school year (``evaluations.retention``).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Establishment, Pupil, TeachingService

from .socle import COMPONENT_CHOICES, LEVEL_CHOICES


class Period(models.Model):
    """A trimestre or a semestre of the establishment's school year, with its conseil de
    classe. Periods of one establishment and year never overlap (``services.period_check``)."""

    class Kind(models.TextChoices):
        TRIMESTRE = "trimestre", "Trimestre"
        SEMESTRE = "semestre", "Semestre"

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveIntegerField(
        "année scolaire", help_text="L'année où elle commence : 2026 pour 2026-2027."
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.TRIMESTRE)
    number = models.PositiveSmallIntegerField(
        "numéro", validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    council_on = models.DateField("conseil de classe", null=True, blank=True)

    class Meta:
        verbose_name = "période"
        ordering = ["school_year", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["establishment", "school_year", "kind", "number"],
                name="period_unique_number",
            ),
        ]
        indexes = [models.Index(fields=["establishment", "starts_on"], name="period_school_start")]

    def __str__(self) -> str:
        ordinal = "1er" if self.number == 1 else f"{self.number}e"
        return f"{ordinal} {self.get_kind_display().lower()}"

    def clean(self) -> None:
        from .services.periods import period_check

        period_check(self)


class MarkBookSettings(models.Model):
    """The establishment's choices for the mark book: whether an absence (Abs) or work not
    handed in (NR) counts as zero in the averages (by default neither counts)."""

    establishment = models.OneToOneField(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="+",
    )
    absent_counts_zero = models.BooleanField(
        "une absence (Abs) compte zéro",
        default=False,
        help_text="Sinon, le devoir ne compte pas dans la moyenne de l'élève absent.",
    )
    not_handed_counts_zero = models.BooleanField(
        "un devoir non rendu (NR) compte zéro",
        default=False,
        help_text="Sinon, le devoir ne compte pas dans la moyenne de l'élève.",
    )

    class Meta:
        verbose_name = "réglage du carnet de notes"
        verbose_name_plural = "réglages du carnet de notes"

    def __str__(self) -> str:
        return "Réglages du carnet de notes"


class Devoir(models.Model):
    """One evaluation of a teaching service in a period: marked out of ``out_of`` (20 by
    default), weighted by ``coefficient``; an optional (bonus) devoir counts only when it raises
    the pupil's average. Families see it from ``visible_from``."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        TeachingService,
        verbose_name="service d'enseignement",
        on_delete=models.CASCADE,
        related_name="devoirs",
    )
    period = models.ForeignKey(
        Period, verbose_name="période", on_delete=models.PROTECT, related_name="devoirs"
    )
    title = models.CharField("titre", max_length=120)
    date = models.DateField("date")
    out_of = models.DecimalField(
        "noté sur",
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    coefficient = models.DecimalField(
        "coefficient",
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    is_optional = models.BooleanField(
        "facultatif (bonus)",
        default=False,
        help_text="Ne compte que s'il améliore la moyenne de l'élève.",
    )
    visible_from = models.DateField("visible par les familles à partir du")
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "devoir"
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(out_of__gt=0), name="devoir_out_of_positive"),
            models.CheckConstraint(
                condition=Q(coefficient__gte=0), name="devoir_coefficient_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["service", "period"], name="devoir_service_period"),
            models.Index(fields=["establishment", "date"], name="devoir_school_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Mark(models.Model):
    """A pupil's result at a devoir: a mark (between 0 and the devoir's maximum) or a status."""

    class Status(models.TextChoices):
        MARKED = "", "Noté"
        ABSENT = "ABS", "Absent"
        EXEMPT = "DISP", "Dispensé"
        NOT_MARKED = "NN", "Non noté"
        NOT_HANDED = "NR", "Non rendu"

    devoir = models.ForeignKey(Devoir, on_delete=models.CASCADE, related_name="marks")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField("note", max_digits=5, decimal_places=2, null=True, blank=True)
    status = models.CharField("statut", max_length=4, choices=Status.choices, blank=True)
    comment = models.CharField("commentaire", max_length=300, blank=True)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)

    class Meta:
        verbose_name = "note"
        constraints = [
            models.UniqueConstraint(fields=["devoir", "pupil"], name="mark_once_per_devoir"),
            models.CheckConstraint(
                condition=Q(status="", value__isnull=False)
                | (~Q(status="") & Q(value__isnull=True)),
                name="mark_value_or_status",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="mark_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["pupil", "devoir"], name="mark_pupil_devoir")]

    def __str__(self) -> str:
        return f"{self.value if self.value is not None else self.status} ({self.pupil_id})"


class SkillItem(models.Model):
    """An item of the socle commun a teacher evaluates (« Rédiger un texte cohérent »), linked to
    one of the 8 components; attached to a devoir or evaluated alone."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        TeachingService,
        verbose_name="service d'enseignement",
        on_delete=models.CASCADE,
        related_name="skill_items",
    )
    period = models.ForeignKey(
        Period, verbose_name="période", on_delete=models.PROTECT, related_name="skill_items"
    )
    devoir = models.ForeignKey(
        Devoir,
        verbose_name="évalué pendant le devoir",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skill_items",
    )
    component = models.CharField("composante du socle", max_length=7, choices=COMPONENT_CHOICES)
    label = models.CharField("compétence évaluée", max_length=200)
    date = models.DateField("date")
    visible_from = models.DateField("visible par les familles à partir du")
    created_at = models.DateTimeField("créée le", default=timezone.now)

    class Meta:
        verbose_name = "compétence évaluée"
        verbose_name_plural = "compétences évaluées"
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["service", "period"], name="skill_service_period"),
            models.Index(fields=["establishment", "date"], name="skill_school_date"),
        ]

    def __str__(self) -> str:
        return self.label


class SkillLevel(models.Model):
    """The level a pupil reached on a skill item (1 to 4, maîtrise insuffisante to très bonne)."""

    item = models.ForeignKey(SkillItem, on_delete=models.CASCADE, related_name="levels")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField("niveau", choices=LEVEL_CHOICES)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "niveau de maîtrise"
        verbose_name_plural = "niveaux de maîtrise"
        constraints = [
            models.UniqueConstraint(fields=["item", "pupil"], name="skill_level_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="skill_level_range"
            ),
        ]
        indexes = [models.Index(fields=["pupil", "item"], name="skill_level_pupil")]

    def __str__(self) -> str:
        return f"{self.level} ({self.pupil_id})"
