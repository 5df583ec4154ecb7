"""Work done after the response: what would tell an attacker, by the time a page takes, that an
account exists (a token row, an outbox row, a mail rendered) runs in a Celery task published
once the transaction commits. The request itself does the same, constant work whatever it found:
its counters and one publish."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def after_commit(task: Any, **kwargs: Any) -> None:
    """Publishes ``task(**kwargs)`` after commit. With the broker down, the work runs here rather
    than being lost (the timing is then that of the work: an outage, not the normal case)."""

    def publish() -> None:
        try:
            task.delay(**kwargs)
        except Exception:  # noqa: BLE001 - whatever the broker raised, do the work now
            logger.exception("Tâche %s non publiée : exécutée sur place", task.name)
            task.apply(kwargs=kwargs)

    transaction.on_commit(publish)
