"""Celery tasks of Mes courriels."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, max_retries=5)
def mail_notices_send(self) -> int:
    """After each send, and by beat every five minutes: the pending new-mail notices to the
    outbox (``notices.mail_notices_enqueue``)."""
    from .notices import mail_notices_enqueue

    try:
        return mail_notices_enqueue()
    except Exception as error:  # noqa: BLE001 - the rows stay pending; beat retries anyway
        if self.request.is_eager:
            raise
        raise self.retry(exc=error, countdown=60) from error
