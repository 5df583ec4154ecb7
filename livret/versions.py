"""The version of a pupil's LIVRET page, for its cached rendering (``teleservices.page_cache``):
one counter per pupil, bumped after the commit of every write of the pupil's bilans (only
locked bilans are shown, but any write moves it: cheap and never stale). A missing counter
starts from the clock, never from a value an older rendering may carry."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction


def _key(pupil_id: int) -> str:
    return f"livret:v:pupil:{pupil_id}"


def livret_changed(pupil_ids: Iterable[int]) -> None:
    """After the transaction commits: these pupils' bilans changed."""
    ids = sorted(set(pupil_ids))

    def bump() -> None:
        for pupil_id in ids:
            try:
                cache.incr(_key(pupil_id))
            except ValueError:
                cache.set(_key(pupil_id), time.time_ns(), None)

    transaction.on_commit(bump)


def livret_version(pupil_id: int) -> int:
    key = _key(pupil_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key, 0)
    return int(value)
