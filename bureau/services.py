"""The bureau's writes: each one atomic, checked (full_clean), on the owner's own rows. No audit:
these are personal notes nobody else reads."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import messages as texts
from .models import Note, Task

MAX_NOTES = 500
MAX_TASKS = 500


@transaction.atomic
def note_create(*, owner: User, title: str, text: str) -> Note:
    if Note.objects.filter(owner=owner).count() >= MAX_NOTES:
        raise ValidationError(texts.NOTE_LIMIT)
    note = Note(owner=owner, title=title.strip(), text=text)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(*, note: Note, title: str, text: str) -> Note:
    note.title, note.text = title.strip(), text
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_delete(*, note: Note) -> None:
    note.delete()


@transaction.atomic
def task_create(*, owner: User, title: str, due_on: datetime.date | None) -> Task:
    if Task.objects.filter(owner=owner).count() >= MAX_TASKS:
        raise ValidationError(texts.TASK_LIMIT)
    task = Task(owner=owner, title=title.strip(), due_on=due_on)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_toggle(*, task: Task) -> Task:
    task.done_at = None if task.done_at else timezone.now()
    task.save(update_fields=["done_at"])
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    task.delete()
