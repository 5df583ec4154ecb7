"""Forms of Mes courriels: what a person types; the rules are checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from core.uploads import DOCUMENTS, upload_check

from . import conf
from . import messages as texts
from .services import Upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [file for file in files if file]


class ComposeForm(forms.Form):
    objet = forms.CharField(
        label="Objet", required=False, max_length=200,
        error_messages={"max_length": texts.SUBJECT_TOO_LONG},
    )  # fmt: skip
    texte = forms.CharField(
        label="Message", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    pieces_jointes = MultipleFileField(label="Ajouter des pièces jointes", required=False)
    q = forms.CharField(label="Rechercher un destinataire", required=False, max_length=100)

    def __init__(self, *args: Any, attachment_count: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.attachment_count = attachment_count
        self.refused_files: list[str] = []
        self.valid_uploads: list[Upload] = []

    def clean_pieces_jointes(self) -> list[Upload]:
        """Each file checked by its content; a refused one is reported and left out, the others
        kept in the draft."""
        checked: list[Upload] = []
        errors: list[ValidationError] = []
        for file in self.cleaned_data.get("pieces_jointes") or []:
            try:
                result = upload_check(
                    file, allowed=DOCUMENTS, max_bytes=conf.attachment_max_bytes()
                )
            except ValidationError as error:
                errors.append(ValidationError(f"{file.name} : {error.messages[0]}"))
                self.refused_files.append(file.name)
                continue
            checked.append(Upload(file=file, checked=result))
        if self.attachment_count + len(checked) > conf.attachments_max_count():
            errors.append(
                ValidationError(
                    texts.TOO_MANY_ATTACHMENTS % {"count": conf.attachments_max_count()}
                )
            )
            checked = checked[: max(0, conf.attachments_max_count() - self.attachment_count)]
        self.valid_uploads = checked
        if errors:
            raise ValidationError(errors)
        return checked

    def posted_ids(self) -> tuple[list[int], int]:
        """The recipients' ids as posted, and how many posted values were not ids at all."""
        ids, junk = [], 0
        for value in self.data.getlist("destinataires"):
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                junk += 1
        return ids, junk

    def posted_contacts(self) -> list[int]:
        """The chosen entries of "Mon carnet" (checked as the owner's by the service)."""
        ids = []
        for value in self.data.getlist("carnet")[:100]:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                continue
        return ids

    def posted_groups(self) -> list[str]:
        return [str(value)[:80] for value in self.data.getlist("groupes")]

    def removed_attachments(self) -> list[int]:
        ids = []
        for value in self.data.getlist("retirer"):
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                continue
        return ids
