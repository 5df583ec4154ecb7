"""The version of what a family's NOTES page shows, for its cached rendering: one counter per
establishment, bumped after the commit of every devoir, mark, compétence or level written there
(the services) and of every period or mark-book setting saved in the admin (signals). One counter
per school, not per pupil: a mark changes the class's average, min and max that every family of
the class sees. A missing counter starts from the clock, never from a value an older rendering
may carry."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import transaction


def _key(establishment_id: int) -> str:
    return f"notes:v:school:{establishment_id}"


def notes_changed(establishment_id: int) -> None:
    """After the transaction commits: the school's marks, devoirs, skills or periods changed."""

    def bump() -> None:
        try:
            cache.incr(_key(establishment_id))
        except ValueError:
            cache.set(_key(establishment_id), time.time_ns(), None)

    transaction.on_commit(bump)


def notes_version(establishment_id: int) -> int:
    key = _key(establishment_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key, 0)
    return int(value)


def admin_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete of the rows edited in the admin (periods, mark-book settings)."""
    notes_changed(instance.establishment_id)
