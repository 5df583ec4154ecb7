"""Celery tasks of the vie scolaire."""

from __future__ import annotations

from celery import shared_task

from .services import family_notices_send_due


@shared_task(acks_late=True)
def family_notices_send() -> int:
    """Sends the families' digests that are due (queued with a countdown, and by the beat)."""
    return family_notices_send_due()
