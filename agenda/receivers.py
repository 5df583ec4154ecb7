"""A regroupement de comptes (selfservice) hands the closed account's personal events to the
remaining account, and its undo gives back exactly those (docs/agenda.md). The feed address stays:
it dies with the closed account, and the remaining account has its own."""

from __future__ import annotations

from typing import Any

from .models import PersonalEvent
from .versions import personal_events_changed

_LABEL = PersonalEvent._meta.label


def rows_merge(sender: Any, survivor: Any, absorbed: Any, **kwargs: Any) -> dict[str, list[int]]:
    ids = list(PersonalEvent.objects.filter(owner=absorbed).values_list("pk", flat=True))
    PersonalEvent.objects.filter(pk__in=ids).update(owner=survivor)
    personal_events_changed(survivor.pk, absorbed.pk)
    return {_LABEL: ids}


def rows_merge_undo(
    sender: Any, survivor: Any, absorbed: Any, moved: dict[str, list[int]], **kwargs: Any
) -> None:
    PersonalEvent.objects.filter(pk__in=moved.get(_LABEL, []), owner=survivor).update(
        owner=absorbed
    )
    personal_events_changed(survivor.pk, absorbed.pk)
