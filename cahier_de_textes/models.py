"""The cahier de textes: what was done in class (``Seance``), the work given (``Homework``, the
« travail à faire »), their attachments, the pupils' « Fait » ticks and the direction's visas.

An entry belongs to one class **or** one group, one subject and the teacher who wrote it (the
structure and subject of one of their teaching services, copied so the entry stays when STS ends
the service). Everything hangs off the establishment: the daily sweep erases a school year's
cahier at the end of the following school year (``cahier_de_textes.retention``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Division, Establishment, Pupil, StaffMember, Subject, TeachingGroup
from core.uploads import PrivateUploadTo

ONE_STRUCTURE = Q(division__isnull=False, group__isnull=True) | Q(
    division__isnull=True, group__isnull=False
)


class Entry(models.Model):
    """What a séance and a travail à faire share: where, what subject, who wrote it."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        TeachingGroup,
        verbose_name="groupe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        Subject, verbose_name="matière", on_delete=models.PROTECT, related_name="+"
    )
    teacher = models.ForeignKey(
        StaffMember, verbose_name="enseignant", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    class Meta:
        abstract = True

    @property
    def structure_label(self) -> str:
        if self.division_id:
            return self.division.code if self.division else ""
        return str(self.group) if self.group else ""


class Seance(Entry):
    """One lesson: its date and time span, a title and what was done (sanitised HTML)."""

    date = models.DateField("date")
    starts_at = models.TimeField("début")
    ends_at = models.TimeField("fin")
    title = models.CharField("titre", max_length=200)
    content = models.TextField("contenu", blank=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_STRUCTURE, name="seance_one_structure"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="seance_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["division", "date"], name="seance_division_date"),
            models.Index(fields=["group", "date"], name="seance_group_date"),
            models.Index(fields=["teacher", "date"], name="seance_teacher_date"),
            models.Index(fields=["establishment", "date"], name="seance_school_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"


class Homework(Entry):
    """Travail à faire for a day, visible to the families from its publication date, optionally
    given during a séance."""

    due_on = models.DateField("pour le")
    description = models.TextField("travail demandé")
    estimated_minutes = models.PositiveSmallIntegerField(
        "durée estimée (minutes)", null=True, blank=True
    )
    published_on = models.DateField("visible à partir du", default=timezone.localdate)
    seance = models.ForeignKey(
        Seance,
        verbose_name="donné pendant la séance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homework",
    )

    class Meta:
        verbose_name = "travail à faire"
        verbose_name_plural = "travaux à faire"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_STRUCTURE, name="homework_one_structure"),
            models.CheckConstraint(
                condition=Q(published_on__lte=models.F("due_on")),
                name="homework_published_before_due",
            ),
        ]
        indexes = [
            models.Index(fields=["division", "due_on"], name="homework_division_due"),
            models.Index(fields=["group", "due_on"], name="homework_group_due"),
            models.Index(fields=["teacher", "due_on"], name="homework_teacher_due"),
            models.Index(fields=["establishment", "due_on"], name="homework_school_due"),
        ]

    def __str__(self) -> str:
        return f"Pour le {self.due_on:%d/%m/%Y} ({self.subject_id})"


class Attachment(models.Model):
    """A file joined to a séance or a travail à faire, checked by its content and stored under
    a random name; served only to those who may read its entry."""

    seance = models.ForeignKey(
        Seance, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    homework = models.ForeignKey(
        Homework, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField("fichier", upload_to=PrivateUploadTo("cahier"), max_length=200)
    name = models.CharField("nom", max_length=120)
    content_type = models.CharField("type", max_length=120)
    size = models.PositiveIntegerField("taille (octets)")

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seance__isnull=False, homework__isnull=True)
                | Q(seance__isnull=True, homework__isnull=False),
                name="attachment_one_entry",
            )
        ]

    def __str__(self) -> str:
        return self.name


class HomeworkDone(models.Model):
    """The pupil ticked « Fait » (only the pupil does; their parents see it)."""

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="done_marks")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField("fait le", default=timezone.now)

    class Meta:
        verbose_name = "travail fait"
        verbose_name_plural = "travaux faits"
        constraints = [
            models.UniqueConstraint(fields=["homework", "pupil"], name="homework_done_once")
        ]
        indexes = [models.Index(fields=["pupil", "homework"], name="homework_done_pupil")]

    def __str__(self) -> str:
        return f"Fait ({self.pupil_id}, {self.homework_id})"


class Visa(models.Model):
    """The direction's stamp on a class's (or group's) cahier of one subject, up to a date: the
    entries up to it are read-only for their teacher from then on."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        TeachingGroup,
        verbose_name="groupe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        Subject, verbose_name="matière", on_delete=models.PROTECT, related_name="+"
    )
    up_to = models.DateField("jusqu'au")
    given_by = models.ForeignKey(
        StaffMember, verbose_name="visé par", on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField("visé le", default=timezone.now)

    class Meta:
        verbose_name = "visa"
        ordering = ["-up_to", "-pk"]
        constraints = [models.CheckConstraint(condition=ONE_STRUCTURE, name="visa_one_structure")]
        indexes = [models.Index(fields=["establishment", "up_to"], name="visa_school_up_to")]

    def __str__(self) -> str:
        return f"Visa jusqu'au {self.up_to:%d/%m/%Y}"
