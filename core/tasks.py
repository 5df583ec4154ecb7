"""Background work of core. Tasks take ids (or nothing) and call a function."""

from __future__ import annotations

import logging

from celery import shared_task

from .retention import sweep_daily as run_sweep_daily

logger = logging.getLogger(__name__)


@shared_task
def sweep_daily() -> dict[str, int]:
    """Beat, daily: every retention rule of every app (core.retention)."""
    report = run_sweep_daily()
    logger.info("Balayage quotidien : %s", report)
    return report
