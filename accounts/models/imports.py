"""Uploads of SIECLE / STS files, imported in the background."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .establishments import Establishment
from .users import User


class ProgressMixin:
    """``percent`` of a background job with ``status`` ("done" when finished), ``processed`` and
    ``total``. No fields of its own, so the models using it need no migration."""

    status: str
    processed: int
    total: int

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        if not self.total:
            return 0
        return min(100, int(self.processed * 100 / self.total))


class JobStatus(models.TextChoices):
    """The states of a background job (imports, letter batches, bulletins…)."""

    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class PrivatePdf(models.Model):
    """A PDF a background job wrote outside the media files, downloadable by the staff allowed
    until it expires, then deleted (the path, the expiry, when it went)."""

    pdf_path = models.CharField("fichier PDF", max_length=255, blank=True, editable=False)
    pdf_expires_at = models.DateTimeField(
        "PDF disponible jusqu'au", null=True, blank=True, db_index=True
    )
    pdf_deleted_at = models.DateTimeField("PDF supprimé le", null=True, blank=True)

    status: str

    class Meta:
        abstract = True

    @property
    def pdf_available(self) -> bool:
        return bool(
            self.status == JobStatus.DONE
            and self.pdf_path
            and self.pdf_deleted_at is None
            and self.pdf_expires_at
            and self.pdf_expires_at > timezone.now()
        )


class RosterImport(ProgressMixin, models.Model):
    """One upload of SIECLE/STS files, imported in the background with progress."""

    Status = JobStatus

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="imports",
    )
    file = models.FileField("fichier", upload_to="imports/%Y/%m/")
    original_name = models.CharField("nom du fichier", max_length=255)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    processed = models.PositiveIntegerField("éléments traités", default=0)
    total = models.PositiveIntegerField("éléments à traiter", default=0)
    report = models.JSONField("rapport", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="importé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import SIECLE"
        verbose_name_plural = "imports SIECLE"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
