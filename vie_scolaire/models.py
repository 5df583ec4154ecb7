"""The vie scolaire of an establishment: the teachers' roll calls, the events they and the vie
scolaire team record (absences, retards, punitions, observations and encouragements), the
families' justifications, and the digest e-mails that tell families.

Every event carries its school year: the daily sweep erases a school year's events once it is over
(the national téléservice rule), their justifications and documents with them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Establishment, Pupil, StaffMember, TeachingService, User
from core.uploads import PrivateUploadTo

from . import messages


class Motive(models.Model):
    """A reason for an absence or a retard, from the establishment's own list (admin)."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField("motif", max_length=80)
    # Whether choosing this motive makes the absence "justifiée" when the CPE accepts it.
    is_valid_reason = models.BooleanField(
        "motif recevable",
        default=True,
        help_text="Décoché : le motif est enregistré mais l'absence reste non justifiée "
        "(ex. « convenance personnelle »).",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "motif d'absence ou de retard"
        verbose_name_plural = "motifs d'absence ou de retard"
        ordering = ["order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "label"], name="motive_unique_label")
        ]

    def __str__(self) -> str:
        return self.label


class RollCall(models.Model):
    """One appel: a teacher, one of their teaching services, a day and a time slot. Taking the
    appel of the same slot again edits it (unique constraint), never duplicates its events."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        TeachingService, verbose_name="service", on_delete=models.CASCADE, related_name="+"
    )
    teacher = models.ForeignKey(
        StaffMember, verbose_name="enseignant", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    day = models.DateField("jour")
    starts_at = models.TimeField("début")
    ends_at = models.TimeField("fin")
    pupil_count = models.PositiveSmallIntegerField("élèves appelés", default=0)
    taken_at = models.DateTimeField("fait le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "appel"
        ordering = ["-day", "-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "day", "starts_at"], name="roll_call_unique_slot"
            )
        ]
        indexes = [models.Index(fields=["school_year"], name="roll_call_year_idx")]

    def __str__(self) -> str:
        return f"Appel du {self.day:%d/%m/%Y} à {self.starts_at:%H:%M}"


class Event(models.Model):
    """One event of a pupil's vie scolaire. The kind decides which fields mean something (checked
    by ``clean``): an absence has an end, half-days, hours and a state; a retard its minutes; a
    punition its nature, who gave it and the work to do; an observation or an encouragement its
    text and author."""

    class Kind(models.TextChoices):
        ABSENCE = "absence", "Absence"
        RETARD = "retard", "Retard"
        PUNITION = "punition", "Punition"
        OBSERVATION = "observation", "Observation"
        ENCOURAGEMENT = "encouragement", "Encouragement"

    class State(models.TextChoices):
        # non motivée → motivée → justifiée / non justifiée → réglée
        UNEXPLAINED = "non_motivee", "Non motivée"
        EXPLAINED = "motivee", "Motivée"
        JUSTIFIED = "justifiee", "Justifiée"
        UNJUSTIFIED = "non_justifiee", "Non justifiée"
        SETTLED = "reglee", "Réglée"

    class Nature(models.TextChoices):
        # The punitions scolaires of the circulaire of 2014 (not the sanctions disciplinaires).
        NOTE = "inscription", "Inscription sur le carnet de correspondance"
        APOLOGY = "excuse", "Excuse orale ou écrite"
        EXTRA_WORK = "devoir", "Devoir supplémentaire"
        DETENTION = "retenue", "Retenue"
        EXCLUSION = "exclusion", "Exclusion ponctuelle d'un cours"

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="vie_scolaire_events"
    )
    kind = models.CharField("type", max_length=16, choices=Kind.choices)
    school_year = models.PositiveSmallIntegerField("année scolaire")
    starts_at = models.DateTimeField("date")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    half_days = models.PositiveSmallIntegerField("demi-journées manquées", default=0)
    hours = models.PositiveSmallIntegerField("heures manquées", default=0)
    minutes = models.PositiveSmallIntegerField("minutes de retard", default=0)
    motive = models.ForeignKey(
        Motive,
        verbose_name="motif",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField("état", max_length=16, choices=State.choices, blank=True)
    justified = models.BooleanField("justifié", default=False)
    nature = models.CharField("nature", max_length=16, choices=Nature.choices, blank=True)
    text = models.TextField("motif ou observation", blank=True, max_length=2000)
    work_to_do = models.TextField("travail à faire", blank=True, max_length=2000)
    given_by = models.ForeignKey(
        StaffMember,
        verbose_name="donnée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    roll_call = models.ForeignKey(
        RollCall,
        verbose_name="appel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    declared_by_family = models.BooleanField("prévue par la famille", default=False)
    recorded_by = models.ForeignKey(
        User,
        verbose_name="saisi par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("saisi le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        verbose_name = "évènement de vie scolaire"
        verbose_name_plural = "évènements de vie scolaire"
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["pupil", "starts_at"], name="event_pupil_date_idx"),
            models.Index(fields=["establishment", "starts_at"], name="event_school_date_idx"),
            models.Index(fields=["school_year"], name="event_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["roll_call", "pupil"],
                condition=Q(roll_call__isnull=False),
                name="event_one_per_roll_call_pupil",
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} du {local:%d/%m/%Y %H:%M}"

    @property
    def is_absence(self) -> bool:
        return self.kind == self.Kind.ABSENCE

    @property
    def awaits_justification(self) -> bool:
        """An absence the family may still justify online."""
        return self.kind == self.Kind.ABSENCE and self.status in {
            self.State.UNEXPLAINED,
            self.State.UNJUSTIFIED,
        }

    @property
    def can_be_justified(self) -> bool:
        """Awaiting a justification and none is waiting for an answer (reads the prefetched
        justifications)."""
        return self.awaits_justification and not any(
            j.status == Justification.State.PENDING for j in self.justifications.all()
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.ABSENCE:
            if self.ends_at is None:
                errors["ends_at"] = messages.END_REQUIRED
            elif self.ends_at <= self.starts_at:
                errors["ends_at"] = messages.END_BEFORE_START
            if not self.status:
                self.status = self.State.UNEXPLAINED
        elif self.kind == self.Kind.RETARD:
            if not self.minutes:
                errors["minutes"] = messages.MINUTES_REQUIRED
        elif self.kind == self.Kind.PUNITION:
            if not self.nature:
                errors["nature"] = messages.NATURE_REQUIRED
            if not self.text.strip():
                errors["text"] = messages.REASON_REQUIRED
        elif not self.text.strip():
            errors["text"] = messages.TEXT_REQUIRED
        if self.kind != self.Kind.ABSENCE:
            self.status = ""
        if self.motive_id and self.motive and self.motive.establishment_id != self.establishment_id:
            errors["motive"] = messages.MOTIVE_UNKNOWN
        if errors:
            raise ValidationError(errors)


class Justification(models.Model):
    """A family's justification of an absence (or the reason of an absence they declare ahead):
    a motive, a comment, optionally a document; the CPE accepts or refuses it with a message."""

    class State(models.TextChoices):
        PENDING = "en_attente", "En attente"
        ACCEPTED = "acceptee", "Acceptée"
        REFUSED = "refusee", "Refusée"

    event = models.ForeignKey(
        Event, verbose_name="absence", on_delete=models.CASCADE, related_name="justifications"
    )
    submitted_by = models.ForeignKey(
        User,
        verbose_name="envoyée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    motive = models.ForeignKey(
        Motive, verbose_name="motif", on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField("commentaire", blank=True, max_length=1000)
    document = models.FileField(
        "justificatif", upload_to=PrivateUploadTo("vie_scolaire"), blank=True, max_length=200
    )
    document_name = models.CharField("nom du document", max_length=120, blank=True)
    document_type = models.CharField("type du document", max_length=120, blank=True)
    status = models.CharField(
        "état", max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    answer = models.TextField("réponse de la vie scolaire", blank=True, max_length=1000)
    answered_by = models.ForeignKey(
        User,
        verbose_name="traitée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("traitée le", null=True, blank=True)
    created_at = models.DateTimeField("envoyée le", default=timezone.now)

    class Meta:
        verbose_name = "justificatif d'absence"
        verbose_name_plural = "justificatifs d'absence"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status="en_attente"),
                name="justification_one_pending_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"Justificatif du {timezone.localtime(self.created_at):%d/%m/%Y}"


class FamilyNotice(models.Model):
    """The digest e-mail of one pupil's half-day: created with the first absence or retard of
    that half-day, sent once after it (``due_at``), with whatever events the half-day then holds."""

    class HalfDay(models.TextChoices):
        MORNING = "matin", "matin"
        AFTERNOON = "apres_midi", "après-midi"

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("jour")
    half_day = models.CharField("demi-journée", max_length=10, choices=HalfDay.choices)
    due_at = models.DateTimeField("envoi prévu")
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    recipients = models.PositiveSmallIntegerField("destinataires", default=0)

    class Meta:
        verbose_name = "avis aux familles"
        verbose_name_plural = "avis aux familles"
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "day", "half_day"], name="notice_one_per_half_day"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(sent_at__isnull=True), name="notice_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Avis du {self.day:%d/%m/%Y} ({self.get_half_day_display()})"
