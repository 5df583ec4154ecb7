"""What the Scolarité services space erases (registered in ``TeleservicesConfig.ready``)."""

from __future__ import annotations

import datetime

from core.retention import RetentionRule, delete_in_batches

from . import conf
from .models import SectionVisit


def _forget_old_visits(now: datetime.datetime) -> int:
    return delete_in_batches(SectionVisit.objects.filter(seen_at__lt=now - conf.visit_retention()))


RULES = [
    RetentionRule(
        key="visites_oubliees",
        description="dates de dernière visite d'une rubrique de Scolarité services, 400 jours "
        "après la dernière visite (elles ne servent qu'à signaler ce qui est nouveau)",
        run=_forget_old_visits,
    )
]
