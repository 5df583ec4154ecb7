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
