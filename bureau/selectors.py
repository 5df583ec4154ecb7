"""The bureau's reads: always the requesting user's own rows; another user's id gives None."""

from __future__ import annotations

from django.db.models import F, QuerySet

from accounts.models import User

from .models import Note, Task


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
