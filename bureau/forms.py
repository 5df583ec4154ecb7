from __future__ import annotations

from django import forms

from . import messages as texts
from .models import FAVORITE_URL_MAX, NOTE_TEXT_MAX, TITLE_MAX, favorite_url_validator


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


class FavoriteLinkForm(forms.Form):
    title = forms.CharField(
        label="Titre du lien",
        max_length=TITLE_MAX,
        error_messages={"required": texts.FAVORITE_TITLE_REQUIRED},
    )
    url = forms.CharField(
        label="Adresse",
        help_text="Adresse web complète, par exemple https://www.education.gouv.fr/",
        max_length=FAVORITE_URL_MAX,
        validators=[favorite_url_validator],
        error_messages={"required": texts.FAVORITE_URL_REQUIRED},
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )


class FavoritePinForm(forms.Form):
    """Offers the applications the profile sees; any other slug posted is refused by the
    service (``favorite_pin``), with its message."""

    application = forms.CharField(
        label="Application",
        max_length=50,
        widget=forms.Select,
        error_messages={"required": texts.FAVORITE_APP_REQUIRED},
    )

    def __init__(self, *args, tiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].widget.choices = [("", "Choisir une application")] + [
            (tile["slug"], tile["name"]) for tile in tiles
        ]
