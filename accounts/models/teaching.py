"""Who teaches what to whom, from the STS-web export: subjects (the MATIERES nomenclature), the
pupils' groups (structures of type G) and the teaching services (a teacher, a subject, a class or
a group). The cahier de textes, the roll call and the mark book are written on these."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .establishments import Division, Establishment
from .roster import Pupil, StaffMember


class Subject(models.Model):
    """A subject of the STS nomenclature (``MATIERE``), e.g. 030201 « ANGLAIS LV1 »."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="subjects",
    )
    code = models.CharField("code matière", max_length=6)
    management_code = models.CharField("code de gestion", max_length=10, blank=True)
    short_label = models.CharField("libellé court", max_length=40, blank=True)
    long_label = models.CharField("libellé long", max_length=80, blank=True)
    label = models.CharField("libellé", max_length=80)

    class Meta:
        verbose_name = "matière"
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "code"], name="subject_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class TeachingGroup(models.Model):
    """A group of pupils (``GROUPE`` in STS, structure of type G in SIECLE), drawn from one or
    several classes: « 4 LV2 ESP », « 3 LATIN »."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="teaching_groups",
    )
    code = models.CharField("code", max_length=20)
    label = models.CharField("libellé", max_length=100, blank=True)
    divisions = models.ManyToManyField(
        Division, verbose_name="classes d'appartenance", blank=True, related_name="teaching_groups"
    )
    pupils = models.ManyToManyField(
        Pupil, verbose_name="élèves", blank=True, related_name="teaching_groups"
    )

    class Meta:
        verbose_name = "groupe"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["establishment", "code"], name="group_unique_code")
        ]

    def __str__(self) -> str:
        return self.label or self.code


class TeachingServiceQuerySet(models.QuerySet):
    def active(self) -> TeachingServiceQuerySet:
        return self.filter(active=True)


class TeachingService(models.Model):
    """One teacher teaching one subject to one class or one group (``SERVICE`` of STS).

    A service that disappears from a later STS export is marked ended (``active`` false), never deleted: the
    cahier de textes and the marks written on it stay.
    """

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="teaching_services",
    )
    teacher = models.ForeignKey(
        StaffMember, verbose_name="enseignant", on_delete=models.CASCADE, related_name="services"
    )
    subject = models.ForeignKey(
        Subject, verbose_name="matière", on_delete=models.PROTECT, related_name="services"
    )
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="services",
    )
    group = models.ForeignKey(
        TeachingGroup,
        verbose_name="groupe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="services",
    )
    active = models.BooleanField("en cours", default=True)

    objects = TeachingServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "service d'enseignement"
        verbose_name_plural = "services d'enseignement"
        ordering = ["subject__label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(division__isnull=False, group__isnull=True)
                | Q(division__isnull=True, group__isnull=False),
                name="service_one_structure",
            ),
            models.UniqueConstraint(
                fields=["teacher", "subject", "division"],
                condition=Q(division__isnull=False),
                name="service_unique_division",
            ),
            models.UniqueConstraint(
                fields=["teacher", "subject", "group"],
                condition=Q(group__isnull=False),
                name="service_unique_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.structure_label} ({self.teacher})"

    @property
    def structure_label(self) -> str:
        """The class or group, as families and teachers name it (« 4 B », « 4 LV2 ESP »)."""
        if self.division_id:
            return self.division.code if self.division else ""
        return str(self.group) if self.group else ""
