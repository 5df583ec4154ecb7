"""Versions of what the "Agenda" card of Mes applications shows, in the shared cache: one per
establishment (its events) and one per user (their own events). The dashboard's cached page is
keyed on the versions of the user's establishments and their own, so a new event shows at once.

A missing version (evicted cache) restarts from the clock, never a value a cached page holds.
Bumped when the transaction commits (an event rolled back never shows)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from accounts.models import Establishment, User
from accounts.roster_version import roster_version
from accounts.school import family_pupils, staff_memberships

from . import conf

_TIMEOUT = 7 * 24 * 3600


def _school_key(establishment_id: int) -> str:
    return f"agenda:school:{establishment_id}"


def _personal_key(user_id: int) -> str:
    return f"agenda:personal:{user_id}"


def _bump(keys: list[str]) -> None:
    def bump() -> None:
        cache.set_many(dict.fromkeys(keys, time.time_ns()), _TIMEOUT)

    transaction.on_commit(bump)


def school_events_changed(*establishment_ids: int) -> None:
    if establishment_ids:
        _bump([_school_key(pk) for pk in establishment_ids])


def personal_events_changed(*user_ids: int) -> None:
    if user_ids:
        _bump([_personal_key(pk) for pk in user_ids])


def user_establishment_ids(user: User) -> list[int]:
    """The establishments whose events may reach ``user`` (their children's, their own as a
    pupil or a staff member, the secretariat's): 1 query, then remembered with the roster
    version (a roster change reads them again)."""
    memo = f"agenda:schools:{user.pk}:{roster_version()}"
    ids = cache.get(memo)
    if ids is None:
        wanted = Q(pk__in=family_pupils(user).values("establishment_id")) | Q(
            pk__in=staff_memberships(user).values("establishment_id")
        )
        if user.establishment_id:
            wanted |= Q(pk=user.establishment_id)
        ids = sorted(Establishment.objects.filter(wanted).values_list("pk", flat=True))
        cache.set(memo, ids, conf.SCHOOLS_MEMO_SECONDS)
    return list(ids)


def agenda_version(user: User) -> str:
    """The versions of everything the user's Agenda card may show, as one string (no query once
    the user's establishments are remembered)."""
    keys = [_personal_key(user.pk), *(_school_key(pk) for pk in user_establishment_ids(user))]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, _TIMEOUT)
        found = cache.get_many(keys)
    return ".".join(str(found.get(key, 0)) for key in keys)
