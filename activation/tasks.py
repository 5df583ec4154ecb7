"""Celery tasks: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3)
def letter_batch_generate(self, batch_id: int) -> None:
    from .services.letters import letter_batch_run

    letter_batch_run(batch_id=batch_id)


# Tasks queued before the apps were cut by domain carry their old name: the alias keeps a batch
# queued during the upgrade from being lost. Remove once no worker can hold such a message.
@shared_task(
    bind=True, acks_late=True, max_retries=3, name="teleservices.tasks.letter_batch_generate"
)
def letter_batch_generate_legacy_name(self, batch_id: int) -> None:
    from .services.letters import letter_batch_run

    letter_batch_run(batch_id=batch_id)


@shared_task(acks_late=True)
def creation_start_process(
    *, last_name: str, first_name: str, phone: str, ip: str | None, attempt: str
) -> None:
    """SMS creation's search and code, after the response (no retry: a second run would send a
    second SMS; the family asks again)."""
    from .services.sms_creation import creation_start_process as process

    process(last_name=last_name, first_name=first_name, phone=phone, ip=ip, attempt=attempt)
