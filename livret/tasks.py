"""Celery tasks of the livret: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3)
def bulletin_batch_generate(self, batch_id: int) -> None:
    from .bulletins import bulletin_batch_run

    bulletin_batch_run(batch_id=batch_id)
