"""Versions of what a family's CAHIER DE TEXTES page shows, for its cached rendering: one counter
per establishment (bumped by every séance, travail à faire or visa written there) and one per
pupil (bumped by their « Fait »). Read together in one cache round trip, never memoised: a pupil
who ticks sees the tick on the next page, whichever worker serves it. A roster change (a pupil
joining a group through the import) moves ``accounts.roster_version`` on, which the page keys
hold too; a bulk write that forgets to call ``roster_changed`` shows within
``conf.page_cache_seconds()``."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction


def _school_key(establishment_id: int) -> str:
    return f"cahier:v:school:{establishment_id}"


def _pupil_key(pupil_id: int) -> str:
    return f"cahier:v:pupil:{pupil_id}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def school_changed(establishment_id: int) -> None:
    """After the transaction commits: the school's cahier changed."""
    transaction.on_commit(lambda: _bump(_school_key(establishment_id)))


def ticks_changed(pupil_id: int) -> None:
    transaction.on_commit(lambda: _bump(_pupil_key(pupil_id)))


def page_version(establishment_id: int, pupil_id: int) -> str:
    """The version of a child's page (a missing counter starts from the clock, never from a
    value an older rendering may carry)."""
    keys = [_school_key(establishment_id), _pupil_key(pupil_id)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, time.time_ns(), None)
    if missing:
        found = cache.get_many(keys)
    return "-".join(str(found.get(key, 0)) for key in keys)
