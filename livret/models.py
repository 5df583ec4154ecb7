"""The bilan périodique of the livret scolaire: one per pupil and period, one line per subject
(a teaching service of the pupil), prepared by the teachers, completed and **locked** by the
direction after the conseil de classe. Locking freezes what the bilan shows (the averages, the
vie scolaire counters, the class, the period's dates): a locked bilan never changes again, and
outlives the marks and the periods it was computed from (``livret.retention``).

``CycleBilan``: the bilan de fin de cycle (6e, 3e). ``BulletinBatch``: the locked bilans of a
period for a class, a level or the whole establishment as one PDF for the secretariat, generated
in the background with progress (``livret.bulletins``), kept a short while."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import (
    Division,
    Establishment,
    JobStatus,
    PrivatePdf,
    ProgressMixin,
    Pupil,
    TeachingService,
    User,
)
from evaluations.models import Period
from evaluations.socle import COMPONENTS

# The LSU's code lists (CodeParcours, CodeModalite of the import schema).
PARCOURS_CHOICES = [
    ("PAR_AVN", "Parcours Avenir"),
    ("PAR_CIT", "Parcours citoyen"),
    ("PAR_ART", "Parcours d'éducation artistique et culturelle"),
    ("PAR_SAN", "Parcours éducatif de santé"),
]
ACCOMPANIMENT_CHOICES = [
    ("PAP", "Plan d'accompagnement personnalisé (PAP)"),
    ("PPS", "Projet personnalisé de scolarisation (PPS)"),
    ("PPRE", "Programme personnalisé de réussite éducative (PPRE)"),
    ("PAI", "Projet d'accueil individualisé (PAI)"),
    ("UPE2A", "Unité pédagogique pour élèves allophones arrivants (UPE2A)"),
    ("SEGPA", "Section d'enseignement général et professionnel adapté (SEGPA)"),
    ("ULIS", "Unité localisée pour l'inclusion scolaire (ULIS)"),
]
APPRECIATION_MAX = 600
GENERAL_APPRECIATION_MAX = 1000
PROGRAMME_LINE_MAX = 300
PARCOURS_TEXT_MAX = 600


class Locked(models.Model):
    """What a bilan keeps of its lock: when, by whom (and the name, should the account go).
    A locked bilan never changes again."""

    locked_at = models.DateTimeField("verrouillé le", null=True, blank=True)
    locked_by = models.ForeignKey(
        User,
        verbose_name="verrouillé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_by_name = models.CharField("verrouillé par (nom)", max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Bilan(Locked):
    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="bilans"
    )
    # The period is erased with the year's marks; the bilan keeps what it needs of it.
    period = models.ForeignKey(
        Period,
        verbose_name="période",
        on_delete=models.SET_NULL,
        null=True,
        related_name="bilans",
    )
    school_year = models.PositiveIntegerField("année scolaire")
    period_label = models.CharField("période (libellé)", max_length=40)
    period_number = models.PositiveSmallIntegerField("numéro de la période")
    period_count = models.PositiveSmallIntegerField("nombre de périodes de l'année")
    starts_on = models.DateField("début de la période")
    ends_on = models.DateField("fin de la période")
    council_on = models.DateField("conseil de classe", null=True, blank=True)
    division_code = models.CharField("classe", max_length=20, blank=True)
    general_appreciation = models.TextField(
        "appréciation générale", max_length=GENERAL_APPRECIATION_MAX, blank=True
    )
    # {code: text} for the parcours éducatifs (PARCOURS_CHOICES), [codes] for the measures.
    parcours = models.JSONField("parcours éducatifs", default=dict, blank=True)
    accompaniments = models.JSONField("modalités d'accompagnement", default=list, blank=True)
    # The vie scolaire counters, frozen when the bilan is locked (computed live before).
    retards = models.PositiveSmallIntegerField("retards", null=True, blank=True)
    half_days_justified = models.PositiveSmallIntegerField(
        "demi-journées d'absence justifiées", null=True, blank=True
    )
    half_days_unjustified = models.PositiveSmallIntegerField(
        "demi-journées d'absence non justifiées", null=True, blank=True
    )
    hours_missed = models.PositiveSmallIntegerField("heures manquées", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "bilan périodique"
        verbose_name_plural = "bilans périodiques"
        ordering = ["school_year", "period_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "period"],
                condition=Q(period__isnull=False),
                name="bilan_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["pupil", "school_year"], name="bilan_pupil_year")]

    def __str__(self) -> str:
        return f"Bilan du {self.period_label} {self.school_year}-{self.school_year + 1}"

    @property
    def parcours_shown(self) -> list[tuple[str, str]]:
        """(label, text) of each parcours followed, in the LSU's order."""
        return [
            (label, str(self.parcours[code]))
            for code, label in PARCOURS_CHOICES
            if str(self.parcours.get(code, "")).strip()
        ]

    @property
    def accompaniments_shown(self) -> list[str]:
        return [label for code, label in ACCOMPANIMENT_CHOICES if code in self.accompaniments]


class BilanSubject(models.Model):
    """One subject of a bilan: what the teacher wrote, and at locking the pupil's and the
    class's averages."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey(
        TeachingService,
        verbose_name="service d'enseignement",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    subject_code = models.CharField("code matière", max_length=6)
    subject_label = models.CharField("matière", max_length=80)
    teacher_sts_id = models.CharField("identifiant STS de l'enseignant", max_length=20)
    teacher_name = models.CharField("enseignant", max_length=200)
    programme = models.TextField("éléments du programme travaillés", blank=True, max_length=2000)
    positionnement = models.PositiveSmallIntegerField(
        "positionnement",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    appreciation = models.CharField("appréciation", max_length=APPRECIATION_MAX, blank=True)
    average = models.DecimalField(
        "moyenne de l'élève", max_digits=4, decimal_places=2, null=True, blank=True
    )
    class_average = models.DecimalField(
        "moyenne de la classe", max_digits=4, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "matière du bilan"
        verbose_name_plural = "matières du bilan"
        ordering = ["subject_label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bilan", "service"], name="bilan_line_once"),
            models.CheckConstraint(
                condition=Q(positionnement__isnull=True)
                | Q(positionnement__gte=1, positionnement__lte=4),
                name="bilan_line_positionnement_range",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_label

    @property
    def programme_lines(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]


# Cycle 3 ends in 6e, cycle 4 in 3e (Division.level).
CYCLE_OF_LEVEL = {"6": 3, "3": 4}
SYNTHESIS_MAX = 1500
# The bilan de fin de cycle places the pupil on each component of the socle at 1 to 4 (the four
# levels of mastery), or 0 when the pupil is exempted from what the component evaluates.
CYCLE_POSITIONS = {
    0: "Dispensé",
    1: "Maîtrise insuffisante",
    2: "Maîtrise fragile",
    3: "Maîtrise satisfaisante",
    4: "Très bonne maîtrise",
}


# The enseignements de complément of cycle 4 (CodeEnsCompl of the LSU), positioned at 1 (objectifs
# atteints) or 2 (dépassés) — what the diplôme national du brevet counts.
COMPLEMENT_CHOICES = [
    ("AUC", "Aucun"),
    ("LCA", "Langues et cultures de l'Antiquité"),
    ("LCE", "Langues et cultures européennes"),
    ("LCR", "Langue et culture régionales"),
    ("CHK", "Chant choral"),
    ("PRO", "Découverte professionnelle"),
    ("LSF", "Langue des signes française"),
    ("LVE", "Langue vivante étrangère"),
]
COMPLEMENT_LEVELS = {1: "Objectifs atteints", 2: "Objectifs dépassés"}


class CycleBilan(Locked):
    """The bilan de fin de cycle of a pupil (end of 6e for cycle 3, end of 3e for cycle 4): the
    8 components of the socle commun at 0 to 4 and a synthesis of the pupil's acquisitions,
    written by the direction after the last conseil de classe of the cycle and locked like a
    bilan périodique. One per pupil and cycle."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="cycle_bilans"
    )
    cycle = models.PositiveSmallIntegerField("cycle", choices=[(3, "Cycle 3"), (4, "Cycle 4")])
    school_year = models.PositiveIntegerField("année scolaire")
    division_code = models.CharField("classe", max_length=20, blank=True)
    # {component code: 0..4} for the 8 components of ``evaluations.socle.COMPONENTS``.
    components = models.JSONField("composantes du socle", default=dict, blank=True)
    synthesis = models.TextField("synthèse", max_length=SYNTHESIS_MAX, blank=True)
    complement = models.CharField(
        "enseignement de complément", max_length=3, choices=COMPLEMENT_CHOICES, blank=True
    )
    complement_level = models.PositiveSmallIntegerField(
        "objectifs de l'enseignement de complément",
        choices=list(COMPLEMENT_LEVELS.items()),
        null=True,
        blank=True,
    )
    # The class's professeurs principaux when the bilan was locked: [{sts_id, civility,
    # first_name, last_name}], for the LSU's prof-princ-refs and the printed bilan.
    principals = models.JSONField("professeurs principaux", default=list, blank=True)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "bilan de fin de cycle"
        verbose_name_plural = "bilans de fin de cycle"
        ordering = ["cycle"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "cycle"], name="cycle_bilan_once"),
            models.CheckConstraint(condition=Q(cycle__in=[3, 4]), name="cycle_bilan_cycle"),
        ]

    def __str__(self) -> str:
        return f"Bilan de fin de cycle {self.cycle} {self.school_year}-{self.school_year + 1}"

    @property
    def complement_shown(self) -> str:
        """« Langues et cultures de l'Antiquité : objectifs dépassés », or ``""``."""
        if not self.complement:
            return ""
        label = dict(COMPLEMENT_CHOICES)[self.complement]
        level = COMPLEMENT_LEVELS.get(self.complement_level or 0, "")
        return f"{label} : {level.lower()}" if level else label

    @property
    def principals_shown(self) -> str:
        return ", ".join(
            " ".join(
                part
                for part in (p.get("civility", ""), p.get("first_name", ""), p.get("last_name", ""))
                if part
            )
            for p in self.principals
        )

    @property
    def components_shown(self) -> list[tuple[str, str, int | None, str]]:
        """(code, component, position, its name) in the socle's order."""
        rows = []
        for code, label in COMPONENTS.items():
            value = self.components.get(code)
            position = int(value) if value is not None else None
            name = CYCLE_POSITIONS[position] if position is not None else ""
            rows.append((code, label, position, name))
        return rows


class BulletinBatch(ProgressMixin, PrivatePdf):
    """The bulletins of a period for a class, a level or the whole establishment as a single PDF
    (class after class, one pupil after another, each from a new page), generated in the
    background, the file kept a short while (``livret.conf``)."""

    class Scope(models.TextChoices):
        DIVISION = "division", "Une classe"
        LEVEL = "level", "Un niveau"
        SCHOOL = "school", "Tout l'établissement"

    Status = JobStatus

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="bulletin_batches",
    )
    scope = models.CharField(
        "périmètre", max_length=10, choices=Scope.choices, default=Scope.DIVISION
    )
    # « Classe 4 A », « Niveau 6e », « Tout l'établissement »: what the batch printed, kept.
    scope_label = models.CharField("périmètre (libellé)", max_length=60, blank=True)
    # The class and the period may go (roster import, end of year): the labels stay.
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    division_code = models.CharField("classe (libellé)", max_length=20, blank=True)
    level = models.CharField("niveau", max_length=1, choices=Division.Level.choices, blank=True)
    period = models.ForeignKey(
        Period,
        verbose_name="période",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    period_label = models.CharField("période (libellé)", max_length=60)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    processed = models.PositiveIntegerField("bulletins générés", default=0)
    total = models.PositiveIntegerField("bulletins à générer", default=0)
    error = models.TextField("erreur", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "lot de bulletins"
        verbose_name_plural = "lots de bulletins"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Bulletins — {self.scope_label or self.division_code} — {self.period_label}"
