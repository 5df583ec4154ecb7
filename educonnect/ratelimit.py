"""Counters in the cache (Redis in production): ``cache.add`` then ``cache.incr`` are atomic, so
two requests at once cannot both slip under a limit."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils import timezone

from . import conf

HOUR = 3600
DAY = 24 * HOUR


class RateLimited(Exception):
    """Too many requests. The message is the same whoever is behind the number or the address."""


def _key(scope: str, value: str) -> str:
    # Numbers and addresses are personal data: the cache holds only their digest.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"educonnect:rl:{scope}:{digest}"


def hit(scope: str, value: str, *, limit: int, period: int) -> bool:
    """Counts one hit; ``False`` when this hit goes over the limit."""
    key = _key(scope, value)
    cache.add(key, 0, period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period)
        count = 1
    return count <= limit


def check(checks: list[tuple[str, str | None, str, int]]) -> None:
    """``checks``: (scope, value, limit name, period). Every counter is counted, then the first one
    over its limit refuses. A missing value (no IP) is skipped."""
    refused = False
    for scope, value, limit_name, period in checks:
        if value is None:
            continue
        if not hit(scope, value, limit=conf.limit(limit_name), period=period):
            refused = True
    if refused:
        raise RateLimited


def sms_request_allowed(*, phone: str, ip: str | None) -> None:
    """Every request that may send an SMS, whether a school knows the number or not (so the
    limit itself reveals nothing): per number and per IP."""
    check([
        ("sms-number-hour", phone, "sms_per_number_hour", HOUR),
        ("sms-number-day", phone, "sms_per_number_day", DAY),
        ("sms-ip-hour", ip, "sms_per_ip_hour", HOUR),
        ("sms-ip-day", ip, "sms_per_ip_day", DAY),
    ])


def sms_global_allowed() -> bool:
    """Every SMS actually sent, for the whole platform, per day: the ceiling on what toll fraud
    could cost. Only real sends count, so junk numbers cannot use up the quota."""
    return hit("sms-global-day", timezone.localdate().isoformat(), limit=conf.limit("sms_global_day"), period=DAY)


def request_allowed(*, ip: str | None) -> None:
    check([("requests-ip-hour", ip, "requests_per_ip_hour", HOUR)])
