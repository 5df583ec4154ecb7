"""Celery tasks of the démarches: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .services.campaigns import campaign_notify_run


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def campaign_notify(campaign_id: int) -> int:
    """The opening notice of a campaign to its guardians (progress saved on the campaign)."""
    return campaign_notify_run(campaign_id=campaign_id)
