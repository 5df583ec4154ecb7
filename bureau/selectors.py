"""The bureau's reads: always the requesting user's own rows; another user's id gives None."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from apps_catalog.selectors import Tile, application_tiles_for_profile

from .models import Favorite, Note, Task

DASHBOARD_FAVORITES = 6
DASHBOARD_TASKS = 3
DASHBOARD_NOTES = 3


def notes_of(*, user: User) -> QuerySet[Note]:
    return Note.objects.filter(owner=user).order_by("-updated_at", "-pk")


def note_owned(*, user: User, note_id: int) -> Note | None:
    return Note.objects.filter(owner=user, pk=note_id).first()


def tasks_of(*, user: User, done: bool) -> QuerySet[Task]:
    tasks = Task.objects.filter(owner=user, done_at__isnull=not done)
    if done:
        return tasks.order_by("-done_at", "-pk")
    return tasks.order_by(F("due_on").asc(nulls_last=True), "pk")


def task_owned(*, user: User, task_id: int) -> Task | None:
    return Task.objects.filter(owner=user, pk=task_id).first()


@dataclass(frozen=True)
class FavoriteEntry:
    """A favori as shown: a link, or a pinned application resolved against the tiles the
    user's profile sees today (``available`` is False once the catalogue no longer offers it)."""

    favorite: Favorite
    title: str
    href: str
    new_window: bool
    is_link: bool
    available: bool
    icon: str


def _visible_tiles(user: User) -> dict[str, Tile]:
    return {
        tile["slug"]: tile
        for group in application_tiles_for_profile(profile=user.profile)
        for tile in group["tiles"]
    }


def _entries(user: User, favorites: list[Favorite]) -> list[FavoriteEntry]:
    tiles = _visible_tiles(user) if any(not f.is_link for f in favorites) else {}
    entries = []
    for favorite in favorites:
        if favorite.is_link:
            entries.append(
                FavoriteEntry(
                    favorite, favorite.title, favorite.url, True, True, True, "fr-icon-links-line"
                )
            )
            continue
        application = favorite.application
        if application is None:  # never: a favori is a link or an application
            continue
        tile = tiles.get(application.slug)
        if tile is None:
            entries.append(
                FavoriteEntry(favorite, application.name, "", False, False, False, application.icon)
            )
        else:
            entries.append(
                FavoriteEntry(
                    favorite,
                    tile["name"],
                    tile["href"],
                    tile["new_window"],
                    False,
                    True,
                    tile["icon"],
                )
            )
    return entries


def favorites_of(*, user: User) -> list[FavoriteEntry]:
    """The user's favoris in their order: one query (and the profile's tiles, from the cache)."""
    favorites = list(
        Favorite.objects.filter(owner=user).select_related("application").order_by("position", "pk")
    )
    return _entries(user, favorites)


def favorite_owned(*, user: User, favorite_id: int) -> Favorite | None:
    return Favorite.objects.filter(owner=user, pk=favorite_id).first()


def pinnable_tiles(*, user: User, entries: list[FavoriteEntry]) -> list[Tile]:
    """The applications of "Mes applications" the user has not pinned yet (catalogue order)."""
    pinned = {e.favorite.application.slug for e in entries if e.favorite.application is not None}
    return [
        tile
        for group in application_tiles_for_profile(profile=user.profile)
        for tile in group["tiles"]
        if tile["slug"] not in pinned
    ]


def dashboard_cards(*, user: User, today: datetime.date | None = None) -> dict[str, Any]:
    """Everything the "Mon bureau" cards of Mes applications show, in four queries whatever the
    number of rows: the favoris, the task counts, the next tasks, the latest notes."""
    today = today or timezone.localdate()
    entries = [entry for entry in favorites_of(user=user) if entry.available]
    todo = tasks_of(user=user, done=False)
    counts = todo.aggregate(todo=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    notes = list(notes_of(user=user).only("pk", "title", "updated_at")[:DASHBOARD_NOTES])
    return {
        "favorites": entries[:DASHBOARD_FAVORITES],
        "favorites_more": max(len(entries) - DASHBOARD_FAVORITES, 0),
        "tasks_next": list(todo[:DASHBOARD_TASKS]),
        "tasks_todo": counts["todo"],
        "tasks_overdue": counts["overdue"],
        "notes_latest": notes,
        "today": today,
    }
