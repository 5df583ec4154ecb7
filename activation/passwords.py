"""Temporary passwords of the letters: drawn with ``secrets``, stored hashed only."""

from __future__ import annotations

import calendar
import datetime
import secrets
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import check_password, make_password

from . import conf
from .hashers import LetterPasswordHasher


def temp_password_generate() -> str:
    return "".join(
        secrets.choice(conf.TEMP_PASSWORD_ALPHABET) for _ in range(conf.TEMP_PASSWORD_LENGTH)
    )


def temp_password_normalize(raw: str) -> str:
    """Letters are printed in capitals; typing them in lower case or with spaces still works."""
    return "".join(raw.split()).upper()


def temp_passwords_hash(passwords: Iterable[str], *, workers: int | None = None) -> list[str]:
    """Hashes many passwords at once.

    argon2-cffi releases the GIL while hashing, so a thread pool uses every core without the cost
    (and the Celery prefork restrictions) of child processes.
    """
    passwords = list(passwords)
    workers = workers or conf.hash_workers()
    if workers <= 1 or len(passwords) < 2:
        return [temp_password_hash(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(temp_password_hash, passwords, chunksize=16))


def temp_password_hash(password: str) -> str:
    return make_password(password, hasher=_HASHER)


_HASHER = LetterPasswordHasher()


def temp_password_matches(raw: str, encoded: str) -> bool:
    if not encoded:
        return False
    # setter=None: a letter's hash is never "upgraded" to the chosen-password parameters.
    return check_password(temp_password_normalize(raw), encoded, setter=None)


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """Same day ``months`` later, or the month's last day when it is shorter (31/11 → 30/11)."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
