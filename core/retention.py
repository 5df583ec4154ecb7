"""Data has a life: every kind of row the portal stores says when it is erased, and the daily
sweep erases it.

Each app registers its rules (``register``) from its ``AppConfig.ready``: what is erased, after
how long (a French sentence shown in the documentation and the sweep's report), and the function
that does it. ``sweep_daily`` runs them all, in ``order``, and returns how many rows each erased.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionRule:
    key: str  # the report's key, e.g. "liens_expires"
    description: str  # what is erased and when, in French
    run: Callable[[datetime.datetime], int]
    order: int = 100


_RULES: dict[str, RetentionRule] = {}


def register(rule: RetentionRule) -> None:
    _RULES[rule.key] = rule


def rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda rule: (rule.order, rule.key))


def sweep_daily(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Runs every rule; idempotent (a second run the same day finds nothing more to erase)."""
    now = now or timezone.now()
    report = {}
    for rule in rules():
        report[rule.key] = rule.run(now)
    return report


def delete_in_batches(queryset: Any, *, batch_size: int = 5000) -> int:
    """Deletes the rows of ``queryset`` by batches of ids (short transactions, flat memory)."""
    deleted = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        queryset.model._base_manager.filter(pk__in=ids).delete()
        deleted += len(ids)
