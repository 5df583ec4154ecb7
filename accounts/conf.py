"""Settings of the accounts app, with their defaults (override them in config/settings)."""

from __future__ import annotations

import datetime

from django.conf import settings

# The backend a session opened with a password (or right after one was chosen) names.
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 - a dotted path
# A letter's temporary password (activation): the session is confined to the first connection.
LETTER_BACKEND = "activation.backends.LetterBackend"

# Accounts per transaction in the sweep: 20,000 keeps each transaction around a second.
SWEEP_ACCOUNT_BATCH_SIZE = 20_000
# The purge deletes fewer rows per transaction: each costs ~20 foreign-key checks.
PURGE_BATCH_SIZE = 2_000
# Database connections sweeping batches at once (PostgreSQL); the machine has 2 cores.
DEFAULT_SWEEP_WORKERS = 2


def import_max_bytes() -> int:
    """The largest SIECLE / STS upload accepted."""
    return int(settings.CARTABLE_IMPORT_MAX_BYTES)


def sweep_workers_setting() -> int:
    return max(1, int(getattr(settings, "ACCOUNTS_SWEEP_WORKERS", DEFAULT_SWEEP_WORKERS)))


def purge_delay() -> datetime.timedelta:
    """How long a swept account's (empty) row stays before the purge deletes it."""
    return datetime.timedelta(days=getattr(settings, "ACCOUNTS_PURGE_AFTER_DAYS", 0))


def purge_budget_seconds() -> float:
    """The purge stops starting new batches after this long; the next run goes on."""
    return float(getattr(settings, "ACCOUNTS_PURGE_BUDGET_SECONDS", 45))
