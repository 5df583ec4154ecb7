"""Bloc-notes and Tâches: thin views (a form, one service, a message, a redirect); another
user's note or task is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import messages as texts
from . import selectors, services
from .forms import NoteForm, TaskForm


def _post_only(request) -> HttpResponseNotAllowed | None:
    """The POST-only URLs check the owner first: another user's id is a 404 whatever the method."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _note_or_404(request, note_id: int):
    note = selectors.note_owned(user=request.user, note_id=note_id)
    if note is None:
        raise Http404("Note introuvable.")
    return note


def _task_or_404(request, task_id: int):
    task = selectors.task_owned(user=request.user, task_id=task_id)
    if task is None:
        raise Http404("Tâche introuvable.")
    return task


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notes(request):
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.NOTE_SAVED)
            return redirect("bureau:notes")
    return render(
        request,
        "bureau/notes.html",
        {"form": form, "notes": list(selectors.notes_of(user=request.user))},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_edit(request, note_id: int):
    note = _note_or_404(request, note_id)
    form = NoteForm(request.POST or None, initial={"title": note.title, "text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(note=note, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.NOTE_SAVED)
            return redirect("bureau:notes")
    return render(request, "bureau/note_edit.html", {"form": form, "note": note})


@login_required
def note_delete(request, note_id: int):
    note = _note_or_404(request, note_id)
    if refused := _post_only(request):
        return refused
    services.note_delete(note=note)
    messages.success(request, texts.NOTE_DELETED)
    return redirect("bureau:notes")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tasks(request):
    done = request.GET.get("filtre") == "faites"
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.TASK_SAVED)
            return redirect("bureau:tasks")
    return render(
        request,
        "bureau/tasks.html",
        {
            "form": form,
            "done": done,
            "tasks": list(selectors.tasks_of(user=request.user, done=done)),
            "today": timezone.localdate(),
        },
    )


@login_required
def task_toggle(request, task_id: int):
    task = _task_or_404(request, task_id)
    if refused := _post_only(request):
        return refused
    services.task_toggle(task=task)
    messages.success(request, texts.TASK_TOGGLED)
    return redirect("bureau:tasks")


@login_required
def task_delete(request, task_id: int):
    task = _task_or_404(request, task_id)
    if refused := _post_only(request):
        return refused
    services.task_delete(task=task)
    messages.success(request, texts.TASK_DELETED)
    return redirect("bureau:tasks")
