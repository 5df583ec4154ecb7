"""Celery tasks: they take ids and call a service."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3)
def letter_batch_generate(self, batch_id: int) -> None:
    from .services.letters import letter_batch_run

    letter_batch_run(batch_id=batch_id)


@shared_task
def sweep_daily() -> dict:
    from .services.sweeps import sweep_run

    report = sweep_run()
    logger.info("Balayage quotidien : %s", report)
    return report


@shared_task
def accounts_purge_expired() -> int:
    """Beat, every 10 minutes: deletes the rows of swept accounts, within a time budget per run."""
    from .services.sweeps import accounts_purge_expired as purge

    purged = purge()
    if purged:
        logger.info("Purge des comptes balayés : %s comptes supprimés", purged)
    return purged
