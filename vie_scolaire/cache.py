"""The family's VIE SCOLAIRE list is rendered once per change: its fragment is cached under a
per-pupil version that every write of the vie scolaire moves on after commit (the services are
the only writers of events and justifications). A version the cache lost is replaced by a new
one, never by an older one, so a stale fragment is never served."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

FRAGMENT_TIMEOUT = 24 * 60 * 60


def _key(pupil_id: int) -> str:
    return f"vie_scolaire:famille:{pupil_id}"


def family_version(pupil_id: int) -> int:
    return int(cache.get_or_set(_key(pupil_id), time.time_ns, timeout=None))


def family_versions_bump(pupil_ids: Iterable[int]) -> None:
    """The pupils' pages show what was just written: a new version now (the writer's own next
    page), and another after commit (a page rendered meanwhile, from the data before the commit,
    is never served again)."""
    keys = [_key(pupil_id) for pupil_id in set(pupil_ids)]
    if not keys:
        return

    def bump() -> None:
        cache.set_many(dict.fromkeys(keys, time.time_ns()), None)

    bump()
    transaction.on_commit(bump)
