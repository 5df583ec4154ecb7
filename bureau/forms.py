from __future__ import annotations

from django import forms

from . import messages as texts
from .models import NOTE_TEXT_MAX, TITLE_MAX


class NoteForm(forms.Form):
    title = forms.CharField(
        label="Titre", max_length=TITLE_MAX, error_messages={"required": texts.NOTE_TITLE_REQUIRED}
    )
    text = forms.CharField(
        label="Texte", required=False, max_length=NOTE_TEXT_MAX, widget=forms.Textarea
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label="Tâche", max_length=TITLE_MAX, error_messages={"required": texts.TASK_TITLE_REQUIRED}
    )
    due_on = forms.DateField(
        label="À faire pour le (facultatif)",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": texts.TASK_DUE_INVALID},
    )
