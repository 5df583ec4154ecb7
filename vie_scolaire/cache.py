"""The family's VIE SCOLAIRE list is rendered once per change: its fragment (and the whole page in
teleservices) is cached under a per-pupil version that every write of the vie scolaire moves on
after commit (the services are the only writers of events and justifications), and a
per-establishment version of its list of motives (the labels the events show), moved on by any
motive saved or deleted (the admin edits them). A version the cache lost is replaced by a new
one, never by an older one, so a stale fragment is never served."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

FRAGMENT_TIMEOUT = 24 * 60 * 60


def _key(pupil_id: int) -> str:
    return f"vie_scolaire:famille:{pupil_id}"


def _motives_key(establishment_id: int) -> str:
    return f"vie_scolaire:motifs:{establishment_id}"


def family_version(pupil_id: int) -> int:
    return int(cache.get_or_set(_key(pupil_id), time.time_ns, timeout=None) or 0)


def family_page_version(pupil_id: int, establishment_id: int) -> str:
    """The version of what a child's vie scolaire shows (their events, their school's motives),
    in one cache round trip (two when a counter is missing)."""
    keys = [_key(pupil_id), _motives_key(establishment_id)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, time.time_ns(), None)
    if missing:
        found = cache.get_many(keys)
    return "-".join(str(found.get(key, 0)) for key in keys)


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


def motives_changed(establishment_id: int) -> None:
    """The school's motive labels changed: now and after commit, as for the events."""
    key = _motives_key(establishment_id)

    def bump() -> None:
        cache.set(key, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def on_motive_saved_or_deleted(sender: Any, instance: Any, raw: bool = False, **kw: Any) -> None:
    if not raw:
        motives_changed(instance.establishment_id)
