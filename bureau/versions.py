"""A version per user's bureau, in the shared cache: the dashboard's cached page is keyed on it,
so a note, a task or a favori written shows at once on the "Mon bureau" cards.

Every bureau write calls ``bureau_changed`` inside its transaction; the version moves after the
commit (a rolled back write leaves the cached page as it was). A missing version (evicted cache)
restarts from the clock: never a value a cached page holds.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

_TIMEOUT = 7 * 24 * 3600


def _key(user_id: int) -> str:
    return f"bureau:version:{user_id}"


def bureau_version(user_id: int) -> int:
    key = _key(user_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), _TIMEOUT)
        value = cache.get(key, 0)
    return int(value)


def bureau_changed(*user_ids: int) -> None:
    """After commit: the bureau of each of ``user_ids`` shows something new."""

    def bump() -> None:
        cache.set_many({_key(user_id): time.time_ns() for user_id in user_ids}, _TIMEOUT)

    transaction.on_commit(bump)
