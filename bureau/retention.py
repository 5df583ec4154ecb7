"""What the bureau erases (registered in ``BureauConfig.ready``): a task one year after it was
marked done. Notes and tasks also go with their account (cascade, when the purge deletes the
swept account)."""

from __future__ import annotations

import datetime

from core.retention import RetentionRule

from .models import Task

DONE_KEPT = datetime.timedelta(days=365)


def _erase_old_done(now: datetime.datetime) -> int:
    erased, _ = Task.objects.filter(done_at__lt=now - DONE_KEPT).delete()
    return erased


RULES = [
    RetentionRule(
        key="taches_faites",
        description="tâches personnelles du bureau, un an après avoir été marquées faites",
        run=_erase_old_done,
    )
]
