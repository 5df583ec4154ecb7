"""Background work of the accounts app. Tasks take ids and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from . import messages
from .lifecycle import accounts_purge_expired as purge
from .services import roster_import_mark_failed, roster_import_run

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, acks_late=True)
def roster_import_run_task(self, roster_import_id: int) -> None:
    try:
        roster_import_run(roster_import_id=roster_import_id)
    except OperationalError as exc:
        if self.request.retries >= self.max_retries:
            roster_import_mark_failed(
                roster_import_id=roster_import_id,
                message=messages.IMPORT_DATABASE_GAVE_UP,
            )
            raise
        raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc


@shared_task
def accounts_purge_expired() -> int:
    """Beat, every 10 minutes: deletes the rows of swept accounts, within a time budget per run."""
    purged = purge()
    if purged:
        logger.info("Purge des comptes balayés : %s comptes supprimés", purged)
    return purged
