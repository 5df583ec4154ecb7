"""Counters in the cache (Redis in production): ``cache.add`` then ``cache.incr`` are atomic, so
two requests at once cannot both slip under a limit. Every limit of the portal's own flows is
counted here (allauth counts the login attempts itself)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.cache import cache

from . import conf

HOUR = 3600
DAY = 24 * HOUR


class RateLimited(Exception):
    """Too many requests. The message shown is the same whoever is behind the number or the
    address."""


def increment(key: str, period: int) -> int:
    """Adds one to the counter ``key`` (created for ``period`` seconds); returns the new count."""
    cache.add(key, 0, period)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        return 1


def reset(*keys: str) -> None:
    cache.delete_many(list(keys))


def _key(scope: str, value: str) -> str:
    # Numbers and addresses are personal data: the cache holds only their digest.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"cartable:rl:{scope}:{digest}"


def hit(scope: str, value: str, *, limit: int, period: int) -> bool:
    """Counts one hit; ``False`` when this hit goes over the limit."""
    return increment(_key(scope, value), period) <= limit


Check = tuple[str, str | None, str, int]  # (scope, value, limit name in conf, period)


def check(checks: Sequence[Check]) -> None:
    """Every counter is counted, then the first one over its limit refuses (``RateLimited``).
    A missing value (no IP) is skipped."""
    refused = False
    for scope, value, limit_name, period in checks:
        if value is None:
            continue
        if not hit(scope, value, limit=conf.limit(limit_name), period=period):
            refused = True
    if refused:
        raise RateLimited


def allowed(scope: str, value: str, limit_name: str, period: int) -> bool:
    """One counter, without raising: ``False`` once over the configured limit."""
    return hit(scope, value, limit=conf.limit(limit_name), period=period)
