"""A version per mailbox, in the shared cache: the dashboard's cached page is keyed on it, so new
mail (or a message read, moved) shows at once without a query on the page served from cache.

A missing version (evicted cache) restarts from the clock: never a value a cached page holds.
Bumped after the transaction commits; a school-wide send bumps 1,000 keys in one ``set_many``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

_TIMEOUT = 7 * 24 * 3600


def _key(user_id: int) -> str:
    return f"messagerie:mailbox:{user_id}"


def mailbox_version(user_id: int) -> int:
    key = _key(user_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), _TIMEOUT)
        value = cache.get(key, 0)
    return int(value)


def mailboxes_changed(user_ids: Iterable[int]) -> None:
    """After commit: the mailboxes of ``user_ids`` show something new."""
    ids = sorted(set(user_ids))
    if not ids:
        return

    def bump() -> None:
        now = time.time_ns()
        cache.set_many({_key(pk): now for pk in ids}, _TIMEOUT)

    transaction.on_commit(bump)
