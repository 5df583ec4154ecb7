"""Forms of the cahier de textes: they read and check the input (attachments by their content,
``core.uploads``); the services decide the rest (school year, visa, who may write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import TeachingService
from core.uploads import upload_check

from . import conf
from . import messages as texts
from .services import NewAttachment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each checked by its content and size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[NewAttachment]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        checked = []
        for upload in files:
            upload = super().clean(upload, initial)
            if not upload:
                continue
            result = upload_check(
                upload, allowed=conf.attachment_kinds(), max_bytes=conf.attachment_max_bytes()
            )
            checked.append(NewAttachment(upload=upload, checked=result))
        return checked


def _attachments_field() -> AttachmentsField:
    limit_mb = conf.attachment_max_bytes() // (1024 * 1024)
    return AttachmentsField(
        label="Pièces jointes",
        required=False,
        help_text=f"{conf.attachments_per_entry()} fichiers au plus, {limit_mb} Mo chacun : "
        "PDF, images, documents de bureautique ou texte.",
    )


class EntryForm(forms.Form):
    """Adds the "remove an attachment" boxes of an entry being edited."""

    def __init__(self, *args: Any, entry: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = _attachments_field()
        existing = list(entry.attachments.all()) if entry is not None and entry.pk else []
        if existing:
            self.fields["remove"] = forms.TypedMultipleChoiceField(
                label="Retirer des pièces jointes",
                required=False,
                coerce=int,
                choices=[(a.pk, a.name) for a in existing],
                widget=forms.CheckboxSelectMultiple,
            )

    def removed_ids(self) -> list[int]:
        return list(self.cleaned_data.get("remove") or [])


class SeanceForm(EntryForm):
    date = forms.DateField(label="Date", widget=DATE)
    starts_at = forms.TimeField(label="Début", widget=TIME)
    ends_at = forms.TimeField(label="Fin", widget=TIME)
    title = forms.CharField(label="Titre", max_length=200)
    content = forms.CharField(
        label="Contenu de la séance",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Texte simple (une ligne vide sépare les paragraphes) ou mise en forme simple : "
        "<strong>, <em>, listes <ul>/<li>, liens <a href>.",
    )


class HomeworkForm(EntryForm):
    due_on = forms.DateField(label="Pour le", widget=DATE)
    description = forms.CharField(
        label="Travail demandé",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": texts.BLANK_DESCRIPTION},
        help_text="Texte simple ou mise en forme simple (<strong>, <em>, listes, liens).",
    )
    estimated_minutes = forms.IntegerField(
        label="Durée estimée (minutes)",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={"min_value": texts.MINUTES_RANGE, "max_value": texts.MINUTES_RANGE},
    )
    published_on = forms.DateField(
        label="Visible par les familles à partir du",
        widget=DATE,
        initial=timezone.localdate,
    )
    seance = forms.ModelChoiceField(
        label="Donné pendant la séance",
        required=False,
        queryset=None,
        empty_label="— aucune —",
        error_messages={"invalid_choice": texts.SEANCE_ELSEWHERE},
    )

    def __init__(self, *args: Any, seances: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["seance"]
        field.queryset = seances  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.date:%d/%m/%Y} — {s.title}"  # type: ignore[attr-defined]


class CopyForm(forms.Form):
    target = forms.ModelChoiceField(
        label="Copier dans",
        queryset=TeachingService.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": texts.NOT_YOUR_CLASS},
    )
    date = forms.DateField(label="Date", widget=DATE)
    starts_at = forms.TimeField(label="Début", widget=TIME)
    ends_at = forms.TimeField(label="Fin", widget=TIME)

    def __init__(self, *args: Any, services: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = services  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.structure_label} — {s.subject.label}"
        )


class VisaForm(forms.Form):
    subject = forms.IntegerField(widget=forms.HiddenInput)
    up_to = forms.DateField(label="Viser jusqu'au", widget=DATE, initial=timezone.localdate)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form (a field's, or the whole form's)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
