"""A counter that changes whenever what the roster says about someone may have changed.

Pages that show roster data (a parent's children, a pupil's class) cache their rendering keyed on
it. Single saves and deletes bump it through signals; bulk writes (the SIECLE import, merges,
undo) call ``roster_changed`` themselves. The caches that use it also expire on their own, which
bounds the damage of a bump someone forgot.
"""

from __future__ import annotations

from django.db import transaction

from core.versions import CachedVersion

ROSTER_VERSION_CACHE_KEY = "accounts:roster-version"


_ROSTER_VERSION = CachedVersion(ROSTER_VERSION_CACHE_KEY)


def roster_version() -> int:
    return _ROSTER_VERSION.get()


def _bump() -> None:
    _ROSTER_VERSION.bump()


def roster_changed() -> None:
    """Call after writing roster rows in bulk; takes effect when the transaction commits."""
    transaction.on_commit(_bump)


def _on_roster_row_saved_or_deleted(sender, **kwargs) -> None:
    roster_changed()


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Division, Establishment, Guardian, GuardianLink, Pupil

    for model in (Establishment, Division, Pupil, Guardian, GuardianLink):
        post_save.connect(
            _on_roster_row_saved_or_deleted,
            sender=model,
            dispatch_uid=f"roster-version-save-{model.__name__}",
        )
        post_delete.connect(
            _on_roster_row_saved_or_deleted,
            sender=model,
            dispatch_uid=f"roster-version-delete-{model.__name__}",
        )
