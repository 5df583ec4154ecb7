"""Celery tasks of the outbox: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .services import outbox_deliver, outbox_due_ids


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_outbox_message(self, message_id: int) -> bool:
    result = outbox_deliver(message_id=message_id)
    if result.retry_in is not None and not self.request.is_eager:
        # In-process (eager) mode would retry at once in a loop: there the flush does it instead.
        raise self.retry(countdown=result.retry_in)
    return result.sent


@shared_task
def outbox_flush() -> int:
    """Beat, every minute: re-queues due messages, so a task the broker lost is not a lost mail."""
    ids = outbox_due_ids()
    for message_id in ids:
        send_outbox_message.delay(message_id)
    return len(ids)


# Messages queued before the outbox was its own app carry the old task name; the flush would send
# them anyway, this alias just does it at once. Remove once no worker can hold such a message.
@shared_task(
    bind=True, acks_late=True, max_retries=None, name="teleservices.tasks.send_outbox_message"
)
def send_outbox_message_legacy_name(self, message_id: int) -> bool:
    return send_outbox_message.run(message_id)
