"""A user's personal notes and tasks: plain text, owned, erased with the account (cascade)."""

from __future__ import annotations

from django.db import models

from accounts.models import User

TITLE_MAX = 200
NOTE_TEXT_MAX = 10_000


class Note(models.Model):
    owner = models.ForeignKey(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("titre", max_length=TITLE_MAX)
    text = models.TextField("texte", max_length=NOTE_TEXT_MAX, blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "note"
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-updated_at"])]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    owner = models.ForeignKey(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("tâche", max_length=TITLE_MAX)
    due_on = models.DateField("à faire pour le", null=True, blank=True)
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "tâche"
        indexes = [models.Index(fields=["owner", "done_at"])]

    def __str__(self) -> str:
        return self.title
