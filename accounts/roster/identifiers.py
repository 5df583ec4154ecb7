"""Identifiers ``p.nom``: first-name initial, dot, surname; ASCII, lower case; ``l.martin2`` when taken.

Every identifier ever handed out is stored in ``ReservedIdentifier``, which outlives the account:
an identifier is never given twice, even after its account was deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import connection

from accounts.models import ReservedIdentifier, User
from core.text import name_key

MAX_SURNAME_LENGTH = 40
FALLBACK_SURNAME = "utilisateur"


def identifier_base(first_name: str, last_name: str) -> str:
    surname = name_key(last_name)[:MAX_SURNAME_LENGTH] or FALLBACK_SURNAME
    initial = name_key(first_name)[:1]
    return f"{initial}.{surname}" if initial else surname


# Arbitrary key of the PostgreSQL advisory lock that queues identifier allocations.
ALLOCATION_LOCK_KEY = 7_300_501


def _serialise_allocations() -> None:
    """Two transactions allocating at once would read the same taken numbers and pick the same
    identifier. On PostgreSQL they queue on an advisory lock held until their commit; SQLite
    already lets one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ALLOCATION_LOCK_KEY])


def _value(base: str, number: int) -> str:
    return base if number == 1 else f"{base}{number}"


def identifiers_allocate(bases: Sequence[str]) -> list[str]:
    """One new identifier per base, in order, reserved for good.

    Costs a fixed number of queries whatever the number of bases: the numbers already taken are
    read for every base at once, then the candidates are checked against existing usernames (an
    account created outside the roster may hold one without a reservation).
    Call it inside the transaction that creates the accounts (the lock lasts until its commit).
    """
    if not bases:
        return []
    _serialise_allocations()
    wanted = set(bases)
    highest: dict[str, int] = defaultdict(int)
    for base, number in ReservedIdentifier.objects.filter(base__in=wanted).values_list(
        "base", "number"
    ):
        highest[base] = max(highest[base], number)

    backfill: list[ReservedIdentifier] = []
    while True:
        numbers: list[int] = []
        next_number = dict(highest)
        for base in bases:
            next_number[base] = next_number.get(base, 0) + 1
            numbers.append(next_number[base])
        candidates = {
            _value(base, number): (base, number)
            for base, number in zip(bases, numbers, strict=True)
        }
        clashes = set(
            User.objects.filter(username__in=candidates).values_list("username", flat=True)
        )
        if not clashes:
            break
        # Rare: accounts made by hand. Reserve their names too, then try the next numbers.
        for username in clashes:
            base, number = candidates[username]
            highest[base] = max(highest[base], number)
            backfill.append(ReservedIdentifier(value=username, base=base, number=number))

    identifiers = [_value(base, number) for base, number in zip(bases, numbers, strict=True)]
    ReservedIdentifier.objects.bulk_create(
        backfill
        + [
            ReservedIdentifier(value=value, base=base, number=number)
            for value, base, number in zip(identifiers, bases, numbers, strict=True)
        ]
    )
    return identifiers


def identifier_allocate(*, first_name: str, last_name: str) -> str:
    """One identifier for one person (accounts created one by one, e.g. the demo secretariat)."""
    return identifiers_allocate([identifier_base(first_name, last_name)])[0]
