"""The rows of other apps that follow the person across a regroupement (docs/mon-compte.md).

Apps above this one own rows that should follow the person (personal notes, tasks, agenda
events) but may not be imported here (layers): each registers its model with ``rows_follow`` in
its ``ready()``. The merge moves the closed account's rows of every registered model to the
remaining account and keeps their ids (``AccountMerge.moved_rows``: {"app.Model": [ids]}); the
undo moves back exactly those, less the ones deleted since."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from ..models import AccountMerge


@dataclass(frozen=True)
class _Following:
    model: type[models.Model]
    # Called with (remaining account id, closed account id) after a move either way: the app's
    # cached pages of both people move on.
    changed: Callable[[int, int], None]


_FOLLOWING: dict[str, _Following] = {}


def rows_follow(model: type[models.Model], *, changed: Callable[[int, int], None]) -> None:
    """``model``'s rows (by their ``owner``) follow the person across a regroupement."""
    _FOLLOWING[model._meta.label] = _Following(model=model, changed=changed)


def rows_move(merge: AccountMerge, survivor_id: int, absorbed_id: int) -> dict[str, int]:
    """Moves the closed account's rows to the remaining one; returns how many per model."""
    moved: dict[str, list[int]] = {}
    for label, following in _FOLLOWING.items():
        rows = following.model._default_manager.filter(owner_id=absorbed_id)
        ids = list(rows.values_list("pk", flat=True))
        following.model._default_manager.filter(pk__in=ids).update(owner_id=survivor_id)
        following.changed(survivor_id, absorbed_id)
        moved[label] = ids
    merge.moved_rows = moved
    merge.save(update_fields=["moved_rows"])
    return {label: len(ids) for label, ids in moved.items()}


def rows_move_back(merge: AccountMerge, survivor_id: int, absorbed_id: int) -> None:
    """The undo: the rows the merge moved, still with the remaining account, go back."""
    for label, ids in merge.moved_rows.items():
        following = _FOLLOWING.get(label)
        if following is None:
            continue  # a model no longer registered: its rows stay where they are
        following.model._default_manager.filter(pk__in=ids, owner_id=survivor_id).update(
            owner_id=absorbed_id
        )
        following.changed(survivor_id, absorbed_id)
