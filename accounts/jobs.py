"""The life of a background job row (``JobStatus``: roster imports, letter batches, bulletins):
claimed once by the task that runs it, marked failed with its error."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from .models import JobStatus


def job_claim(job: Any) -> bool:
    """Marks a pending (or failed, run again) job as running, once: ``False`` for a duplicate
    task, or when another worker claimed it first."""
    if job.status not in {JobStatus.PENDING, JobStatus.FAILED}:
        return False
    rows: models.QuerySet = type(job).objects.filter(pk=job.pk, status=job.status)
    return bool(
        rows.update(status=JobStatus.RUNNING, started_at=timezone.now(), processed=0, error="")
    )


def job_fail(job: Any, error: str) -> None:
    type(job).objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def expired_pdfs(model: type[models.Model], now: Any) -> models.QuerySet:
    """The rows of a ``PrivatePdf`` model whose file expired and is not deleted yet."""
    return model._default_manager.filter(
        pdf_deleted_at__isnull=True, pdf_expires_at__lte=now
    ).exclude(pdf_path="")
