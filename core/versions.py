"""Version numbers held in the shared cache and read through a short per-process memo.

Pages key their cached renderings on these versions. Reading them on every request would cost a
cache round trip each; the memo keeps a value for ``LOCAL_TTL`` seconds, so another worker
process sees a bump at most that late, and the process that bumped sees it at once.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable

from django.core.cache import cache

LOCAL_TTL = 2.0
_INSTANCES: weakref.WeakSet[CachedVersion] = weakref.WeakSet()


def forget_all_local() -> None:
    """Drops every process-local memo (tests clear the shared cache between them)."""
    for version in list(_INSTANCES):
        version.forget_local()


class CachedVersion:
    def __init__(self, key: str, *, initial: Callable[[], int] | None = None):
        self.key = key
        # Without a source of truth, a missing counter restarts from the clock, never from a
        # value some process may still hold.
        self.initial = initial or time.time_ns
        self._memo: tuple[int, float] | None = None
        _INSTANCES.add(self)

    def get(self) -> int:
        now = time.monotonic()
        memo = self._memo
        if memo is not None and memo[1] > now:
            return memo[0]
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, self.initial(), None)
            value = cache.get(self.key, 0)
        self._memo = (value, now + LOCAL_TTL)
        return value

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, time.time_ns(), None)
        self._memo = None

    def forget(self) -> None:
        """Drops the shared value (its source changed) and the local memo."""
        cache.delete(self.key)
        self._memo = None

    def forget_local(self) -> None:
        self._memo = None
