"""Bloc-notes, Tâches and Favoris: thin views (a form, one service, a message, a redirect);
another user's note, task or favori is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import messages as texts
from . import selectors, services
from .forms import FavoriteLinkForm, FavoritePinForm, NoteForm, TaskForm


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


def _favorite_or_404(request, favorite_id: int):
    favorite = selectors.favorite_owned(user=request.user, favorite_id=favorite_id)
    if favorite is None:
        raise Http404("Favori introuvable.")
    return favorite


def _favorites_page(request, *, link_form=None, pin_form=None):
    entries = selectors.favorites_of(user=request.user)
    tiles = selectors.pinnable_tiles(user=request.user, entries=entries)
    return render(
        request,
        "bureau/favorites.html",
        {
            "entries": entries,
            "link_form": link_form or FavoriteLinkForm(),
            "pin_form": pin_form or FavoritePinForm(tiles=tiles),
            "can_pin": bool(tiles),
        },
    )


def _to_favorite(favorite_id: int):
    return redirect(reverse("bureau:favorites") + f"#favori-{favorite_id}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def favorites(request):
    """The favoris page; a POST adds a link."""
    form = FavoriteLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            favorite = services.favorite_link_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.FAVORITE_SAVED)
            return _to_favorite(favorite.pk)
    return _favorites_page(request, link_form=form)


@login_required
@require_http_methods(["POST"])
def favorite_pin(request):
    entries = selectors.favorites_of(user=request.user)
    form = FavoritePinForm(
        request.POST, tiles=selectors.pinnable_tiles(user=request.user, entries=entries)
    )
    if form.is_valid():
        try:
            favorite = services.favorite_pin(
                owner=request.user, slug=form.cleaned_data["application"]
            )
        except ValidationError as error:
            form.add_error("application", error)
        else:
            messages.success(request, texts.FAVORITE_PINNED)
            return _to_favorite(favorite.pk)
    return _favorites_page(request, pin_form=form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def favorite_edit(request, favorite_id: int):
    favorite = _favorite_or_404(request, favorite_id)
    if not favorite.is_link:  # a pinned application has nothing to edit
        raise Http404("Favori introuvable.")
    form = FavoriteLinkForm(
        request.POST or None, initial={"title": favorite.title, "url": favorite.url}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.favorite_link_update(favorite=favorite, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.FAVORITE_SAVED)
            return _to_favorite(favorite.pk)
    return render(request, "bureau/favorite_edit.html", {"form": form, "favorite": favorite})


@login_required
def favorite_move(request, favorite_id: int, up: bool):
    favorite = _favorite_or_404(request, favorite_id)
    if refused := _post_only(request):
        return refused
    try:
        services.favorite_move(favorite=favorite, up=up)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, texts.FAVORITE_MOVED)
    return _to_favorite(favorite.pk)


@login_required
def favorite_delete(request, favorite_id: int):
    favorite = _favorite_or_404(request, favorite_id)
    if refused := _post_only(request):
        return refused
    services.favorite_delete(favorite=favorite)
    messages.success(request, texts.FAVORITE_DELETED)
    return redirect("bureau:favorites")
