"""The bureau's writes: each one atomic, checked (full_clean), on the owner's own rows, and each
one moves the owner's bureau version (the dashboard cards show it at once). No audit: these are
personal notes, tasks and links nobody else reads."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User
from apps_catalog.models import Application
from apps_catalog.selectors import application_tile_for_profile

from . import messages as texts
from .models import Favorite, Note, Task
from .versions import bureau_changed

MAX_NOTES = 500
MAX_TASKS = 500
MAX_FAVORITES = 100


@transaction.atomic
def note_create(*, owner: User, title: str, text: str) -> Note:
    if Note.objects.filter(owner=owner).count() >= MAX_NOTES:
        raise ValidationError(texts.NOTE_LIMIT)
    note = Note(owner=owner, title=title.strip(), text=text)
    note.full_clean()
    note.save()
    bureau_changed(note.owner_id)
    return note


@transaction.atomic
def note_update(*, note: Note, title: str, text: str) -> Note:
    note.title, note.text = title.strip(), text
    note.full_clean()
    note.save()
    bureau_changed(note.owner_id)
    return note


@transaction.atomic
def note_delete(*, note: Note) -> None:
    owner_id = note.owner_id
    note.delete()
    bureau_changed(owner_id)


@transaction.atomic
def task_create(*, owner: User, title: str, due_on: datetime.date | None) -> Task:
    if Task.objects.filter(owner=owner).count() >= MAX_TASKS:
        raise ValidationError(texts.TASK_LIMIT)
    task = Task(owner=owner, title=title.strip(), due_on=due_on)
    task.full_clean()
    task.save()
    bureau_changed(task.owner_id)
    return task


@transaction.atomic
def task_toggle(*, task: Task) -> Task:
    task.done_at = None if task.done_at else timezone.now()
    task.save(update_fields=["done_at"])
    bureau_changed(task.owner_id)
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    owner_id = task.owner_id
    task.delete()
    bureau_changed(owner_id)


def _next_position(owner: User) -> int:
    """The position after the owner's last favori, refusing past ``MAX_FAVORITES``."""
    stats = Favorite.objects.filter(owner=owner).aggregate(count=Count("pk"), last=Max("position"))
    if stats["count"] >= MAX_FAVORITES:
        raise ValidationError(texts.FAVORITE_LIMIT)
    return 0 if stats["last"] is None else stats["last"] + 1


def _link_checked(favorite: Favorite) -> None:
    # The fields are blank=True (a pinned application has neither): a link needs both.
    errors = {}
    if not favorite.title:
        errors["title"] = texts.FAVORITE_TITLE_REQUIRED
    if not favorite.url:
        errors["url"] = texts.FAVORITE_URL_REQUIRED
    if errors:
        raise ValidationError(errors)
    favorite.full_clean()


@transaction.atomic
def favorite_link_create(*, owner: User, title: str, url: str) -> Favorite:
    favorite = Favorite(owner=owner, title=title.strip(), url=url.strip())
    favorite.position = _next_position(owner)
    _link_checked(favorite)
    favorite.save()
    bureau_changed(owner.pk)
    return favorite


@transaction.atomic
def favorite_link_update(*, favorite: Favorite, title: str, url: str) -> Favorite:
    if not favorite.is_link:
        raise ValidationError(texts.FAVORITE_APP_FORBIDDEN)
    favorite.title, favorite.url = title.strip(), url.strip()
    _link_checked(favorite)
    favorite.save(update_fields=["title", "url"])
    bureau_changed(favorite.owner_id)
    return favorite


@transaction.atomic
def favorite_pin(*, owner: User, slug: str) -> Favorite:
    """Pins an application of "Mes applications": only one the owner's profile may see (the
    same tiles as the dashboard), whatever the form posted."""
    if application_tile_for_profile(slug=slug, profile=owner.profile) is None:
        raise ValidationError(texts.FAVORITE_APP_FORBIDDEN)
    application = Application.objects.filter(slug=slug, is_active=True).first()
    if application is None:
        raise ValidationError(texts.FAVORITE_APP_FORBIDDEN)
    if Favorite.objects.filter(owner=owner, application=application).exists():
        raise ValidationError(texts.FAVORITE_APP_ALREADY)
    favorite = Favorite(owner=owner, application=application, position=_next_position(owner))
    favorite.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            favorite.save()
    except IntegrityError as error:  # the same application pinned by a concurrent request
        raise ValidationError(texts.FAVORITE_APP_ALREADY) from error
    bureau_changed(owner.pk)
    return favorite


@transaction.atomic
def favorite_move(*, favorite: Favorite, up: bool) -> None:
    """Swaps the favori with its neighbour and numbers the owner's favoris 0, 1, 2… again (the
    rows are locked, so two moves at once cannot give two favoris the same place)."""
    ordered = list(
        Favorite.objects.select_for_update()
        .filter(owner_id=favorite.owner_id)
        .order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(ordered) if row.pk == favorite.pk)
    other = index - 1 if up else index + 1
    if other < 0:
        raise ValidationError(texts.FAVORITE_FIRST)
    if other >= len(ordered):
        raise ValidationError(texts.FAVORITE_LAST)
    ordered[index], ordered[other] = ordered[other], ordered[index]
    changed = []
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
            changed.append(row)
    Favorite.objects.bulk_update(changed, ["position"])
    bureau_changed(favorite.owner_id)


@transaction.atomic
def favorite_delete(*, favorite: Favorite) -> None:
    owner_id = favorite.owner_id
    favorite.delete()
    bureau_changed(owner_id)
