"""A regroupement de comptes (selfservice) hands the closed account's personal notes and tasks to
the remaining account, and its undo gives back exactly those (docs/bureau.md)."""

from __future__ import annotations

from typing import Any

from .models import Note, Task
from .versions import bureau_changed

_FOLLOWING = (Note, Task)  # favoris stay: an application is pinned once per account


def rows_merge(sender: Any, survivor: Any, absorbed: Any, **kwargs: Any) -> dict[str, list[int]]:
    moved: dict[str, list[int]] = {}
    for model in _FOLLOWING:
        ids = list(model.objects.filter(owner=absorbed).values_list("pk", flat=True))
        model.objects.filter(pk__in=ids).update(owner=survivor)
        moved[model._meta.label] = ids
    bureau_changed(survivor.pk)
    bureau_changed(absorbed.pk)
    return moved


def rows_merge_undo(
    sender: Any, survivor: Any, absorbed: Any, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    for model in _FOLLOWING:
        ids = moved.get(model._meta.label, [])
        # Those the remaining account deleted since are gone; the rest go back.
        model.objects.filter(pk__in=ids, owner=survivor).update(owner=absorbed)
    bureau_changed(survivor.pk)
    bureau_changed(absorbed.pk)
