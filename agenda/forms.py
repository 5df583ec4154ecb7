"""The agenda's forms: a personal event, an establishment event (with its audience). They parse
and carry their messages; the dates' rules (order, range, length) are the services'."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from actualites.forms import _editable
from actualites.selectors import AudienceOptions
from core import html

from . import messages
from .models import PLACE_MAX, TEXT_MAX, TITLE_MAX, Audience, EventDates, SchoolEvent
from .services import EventWhen, SchoolEventContent

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z]")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M", "%Hh%M", "%Hh", "%H:%M:%S"]


class _DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = DATE_FORMATS


class _TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    input_formats = TIME_FORMATS


class EventForm(forms.Form):
    title = forms.CharField(
        label="Titre", max_length=TITLE_MAX, error_messages={"required": messages.TITLE_REQUIRED}
    )
    all_day = forms.BooleanField(label="Toute la journée", required=False)
    starts_on = _DateField(
        label="Premier jour",
        error_messages={"required": messages.START_REQUIRED, "invalid": messages.DATE_INVALID},
    )
    start_time = _TimeField(
        label="Heure de début",
        help_text="Sauf si l'évènement dure toute la journée.",
        required=False,
        error_messages={"invalid": messages.TIME_INVALID},
    )
    ends_on = _DateField(
        label="Dernier jour",
        help_text="Laissez vide pour un évènement d'une seule journée.",
        required=False,
        error_messages={"invalid": messages.DATE_INVALID},
    )
    end_time = _TimeField(
        label="Heure de fin",
        required=False,
        error_messages={"invalid": messages.TIME_INVALID},
    )
    place = forms.CharField(label="Lieu (facultatif)", max_length=PLACE_MAX, required=False)

    def __init__(self, *args: Any, event: EventDates | None = None, **kwargs: Any) -> None:
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": event.title,
                "all_day": event.all_day,
                "starts_on": event.starts_on,
                "start_time": event.start_time,
                "ends_on": event.ends_on,
                "end_time": event.end_time,
                "place": event.place,
                **self.initial_extra(event),
            }
        elif event is None:
            kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def initial_extra(self, event: Any) -> dict[str, Any]:
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("all_day"):
            data["start_time"] = data["end_time"] = None
        elif (
            "start_time" in data
            and "end_time" in data
            and (data["start_time"] is None or data["end_time"] is None)
        ):
            raise ValidationError(messages.TIMES_REQUIRED, code="times_required")
        return data

    def when(self) -> EventWhen:
        data = self.cleaned_data
        return EventWhen(
            title=data["title"],
            place=data.get("place", ""),
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on") or data["starts_on"],
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
        )


class PersonalEventForm(EventForm):
    notes = forms.CharField(
        label="Notes (facultatives)",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def initial_extra(self, event: Any) -> dict[str, Any]:
        return {"notes": event.notes}


class SchoolEventForm(EventForm):
    description = forms.CharField(
        label="Description (facultative)",
        help_text="Texte simple (une ligne vide sépare deux paragraphes) ou HTML simple.",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    audience = forms.ChoiceField(
        label="Destinataires",
        error_messages={
            "required": messages.AUDIENCE_REQUIRED,
            "invalid_choice": messages.AUDIENCE_UNKNOWN,
        },
    )

    def __init__(self, *args: Any, options: AudienceOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [  # type: ignore[attr-defined]
            ("", "Choisir les destinataires"),
            *[
                (value, label)
                for value, label in Audience.choices
                if value not in (Audience.LEVEL, Audience.DIVISION)
            ],
            ("Un niveau", [(f"level:{level}", label) for level, label in options.levels]),
            (
                "Une classe",
                [(f"division:{pk}", f"La classe de {code}") for pk, code in options.divisions],
            ),
        ]

    def initial_extra(self, event: Any) -> dict[str, Any]:
        # Typed as plain text: edited as plain text again; any other markup as the HTML it is.
        return {"description": _editable(event.description), "audience": _audience(event)}

    def clean_description(self) -> str:
        value = self.cleaned_data["description"]
        if not value.strip():
            return ""
        return html.sanitize_html(value) if _MARKUP.search(value) else html.text_to_html(value)

    def content(self) -> SchoolEventContent:
        kind, _, target = self.cleaned_data["audience"].partition(":")
        return SchoolEventContent(
            when=self.when(),
            description=self.cleaned_data.get("description", ""),
            audience=kind,
            level=target if kind == Audience.LEVEL else "",
            division_id=int(target) if kind == Audience.DIVISION else None,
        )


def _audience(event: SchoolEvent) -> str:
    if event.audience == Audience.LEVEL:
        return f"level:{event.level}"
    if event.audience == Audience.DIVISION:
        return f"division:{event.division_id}"
    return event.audience
