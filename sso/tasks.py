"""Celery tasks of the CAS server: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .services import SingleLogoutFailed, single_logout_send

# 1 min, 2, 4, 8, 16, 32: a service down for an hour still gets its logout request.
MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_single_logout(self, ticket_id: int) -> bool:
    try:
        return single_logout_send(ticket_id=ticket_id)
    except SingleLogoutFailed as error:
        if self.request.is_eager:
            # In-process (tests, development): no worker to retry later; the failure is logged.
            return False
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
