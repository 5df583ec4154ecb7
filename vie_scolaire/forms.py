"""Forms of the vie scolaire: they validate input and carry the French messages; the services
decide (a service's ``ValidationError`` becomes a form error in the view)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.school import SchoolRole, teacher_services
from core.uploads import PROOFS, upload_check

from . import conf, selectors
from . import messages as texts
from .models import Event

SLOTS = [datetime.time(h, m) for h in range(8, 18) for m in (0, 30)]


def _slot_choices() -> list[tuple[str, str]]:
    return [(f"{t:%H:%M}", f"{t:%H:%M}".replace(":", " h ")) for t in SLOTS]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%H:%M", **kwargs)


def _combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, timezone.get_current_timezone())


class RollCallStartForm(forms.Form):
    """Which class or group, which day, which slot (GET: the appel screen opens)."""

    service = forms.ModelChoiceField(
        label="Classe ou groupe",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": texts.NOT_TAUGHT},
    )
    jour = forms.DateField(label="Jour", widget=DateInput())
    debut = forms.TypedChoiceField(label="Début du cours", choices=())
    fin = forms.TypedChoiceField(label="Fin du cours", choices=())

    def __init__(self, *args: Any, role: SchoolRole, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = teacher_services(role)  # type: ignore[attr-defined]
        self.fields["service"].label_from_instance = lambda s: f"{s.structure_label} — {s.subject}"  # type: ignore[attr-defined]
        for name in ("debut", "fin"):
            field = self.fields[name]
            field.choices = _slot_choices()  # type: ignore[attr-defined]
            field.coerce = datetime.time.fromisoformat  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("debut") and data.get("fin") and data["fin"] <= data["debut"]:
            self.add_error("fin", texts.SLOT_END_BEFORE_START)
        return data


def roll_call_marks_from(post: Any, pupils: list) -> tuple[dict[int, Any], list[str]]:
    """The appel screen's answers: ``statut_<id>`` (présent, absent, retard) and
    ``minutes_<id>``; returns the marks and the French errors."""
    from .services import Mark

    marks: dict[int, Mark] = {}
    errors: list[str] = []
    for pupil in pupils:
        status = post.get(f"statut_{pupil.pk}", "present")
        if status not in {"present", "absent", "retard"}:
            status = "present"
        minutes = 0
        if status == "retard":
            raw = post.get(f"minutes_{pupil.pk}", "").strip()
            minutes = int(raw) if raw.isdigit() else 0
            if not 0 < minutes <= 240:
                errors.append(str(texts.LATE_MINUTES_REQUIRED).format(name=pupil.first_name))
        if status != "present":
            marks[pupil.pk] = Mark(status=status, minutes=minutes)
    return marks, errors


class _EventForm(forms.Form):
    kind: str = ""
    jour = forms.DateField(label="Date", widget=DateInput())
    heure = forms.TimeField(label="Heure", widget=TimeInput(), initial=datetime.time(8, 0))

    def __init__(self, *args: Any, role: SchoolRole, pupil_choices: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.role = role
        if pupil_choices is not None:
            self.fields = {
                "eleve": forms.ModelChoiceField(
                    label="Élève",
                    queryset=pupil_choices,
                    error_messages={"invalid_choice": texts.PUPIL_NOT_VISIBLE},
                ),
                **self.fields,
            }
            self.fields["eleve"].label_from_instance = (  # type: ignore[attr-defined]
                lambda p: (
                    f"{p.division.code if p.division else '—'} · {p.display_last_name} {p.first_name}"
                )
            )
        if "motive" in self.fields:
            self.fields["motive"].queryset = selectors.motives(role.establishment_id)  # type: ignore[attr-defined]
        if "given_by" in self.fields:
            self.fields["given_by"].queryset = selectors.establishment_staff(role)  # type: ignore[attr-defined]

    def event_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("eleve", None)
        data["starts_at"] = _combine(data.pop("jour"), data.pop("heure"))
        return data

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:
        local = timezone.localtime(event.starts_at)
        initial: dict[str, Any] = {"jour": local.date(), "heure": local.time()}
        for name in cls.base_fields:
            if hasattr(event, name):
                initial[name] = getattr(event, name)
        if event.ends_at:
            end = timezone.localtime(event.ends_at)
            initial["fin_jour"], initial["fin_heure"] = end.date(), end.time()
        return initial


class AbsenceForm(_EventForm):
    kind = Event.Kind.ABSENCE
    fin_jour = forms.DateField(label="Date de fin", widget=DateInput())
    fin_heure = forms.TimeField(
        label="Heure de fin", widget=TimeInput(), initial=datetime.time(17, 30)
    )
    half_days = forms.IntegerField(
        label="Demi-journées manquées",
        min_value=0,
        max_value=400,
        required=False,
        help_text="Laissé vide : compté d'après les dates.",
    )
    hours = forms.IntegerField(
        label="Heures manquées",
        min_value=0,
        max_value=2000,
        required=False,
        help_text="Laissé vide : compté d'après les dates.",
    )
    motive = forms.ModelChoiceField(label="Motif", queryset=None, required=False, empty_label="—")
    status = forms.ChoiceField(label="État", choices=Event.State.choices, required=False)
    text = forms.CharField(
        label="Commentaire",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def event_data(self) -> dict[str, Any]:
        data = super().event_data()
        data["ends_at"] = _combine(data.pop("fin_jour"), data.pop("fin_heure"))
        if data["ends_at"] <= data["starts_at"]:
            raise ValidationError({"fin_jour": texts.END_BEFORE_START})
        return data


class RetardForm(_EventForm):
    kind = Event.Kind.RETARD
    minutes = forms.IntegerField(label="Minutes de retard", min_value=1, max_value=240)
    motive = forms.ModelChoiceField(label="Motif", queryset=None, required=False, empty_label="—")
    justified = forms.BooleanField(label="Retard justifié", required=False)
    text = forms.CharField(
        label="Commentaire",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class PunitionForm(_EventForm):
    kind = Event.Kind.PUNITION
    nature = forms.ChoiceField(label="Nature", choices=Event.Nature.choices)
    text = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    work_to_do = forms.CharField(
        label="Travail à faire",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    given_by = forms.ModelChoiceField(label="Donnée par", queryset=None)


class ObservationForm(_EventForm):
    kind = Event.Kind.OBSERVATION
    genre = forms.ChoiceField(
        label="Type",
        choices=[
            (Event.Kind.OBSERVATION, "Observation"),
            (Event.Kind.ENCOURAGEMENT, "Encouragement"),
        ],
    )
    text = forms.CharField(
        label="Observation", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    def event_data(self) -> dict[str, Any]:
        data = super().event_data()
        data.pop("genre", None)
        return data


EVENT_FORMS: dict[str, type[_EventForm]] = {
    Event.Kind.ABSENCE: AbsenceForm,
    Event.Kind.RETARD: RetardForm,
    Event.Kind.PUNITION: PunitionForm,
    Event.Kind.OBSERVATION: ObservationForm,
    Event.Kind.ENCOURAGEMENT: ObservationForm,
}


class DeskFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="Type", choices=[("", "Tous")] + Event.Kind.choices, required=False
    )
    etat = forms.ChoiceField(
        label="État", choices=[("", "Tous")] + Event.State.choices, required=False
    )
    classe = forms.ModelChoiceField(
        label="Classe", queryset=None, required=False, empty_label="Toutes"
    )
    du = forms.DateField(label="Du", widget=DateInput(), required=False)
    au = forms.DateField(label="Au", widget=DateInput(), required=False)
    q = forms.CharField(label="Élève", required=False, max_length=60)

    def __init__(self, *args: Any, role: SchoolRole, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from accounts.models import Division

        self.fields["classe"].queryset = Division.objects.filter(  # type: ignore[attr-defined]
            establishment_id=role.establishment_id
        ).order_by("code")

    def filters(self) -> selectors.DeskFilters:
        if not self.is_valid():
            return selectors.DeskFilters()
        data = self.cleaned_data
        return selectors.DeskFilters(
            kind=data["type"],
            status=data["etat"],
            division_id=data["classe"].pk if data["classe"] else None,
            since=data["du"],
            until=data["au"],
            query=data["q"].replace("\x00", "").strip(),
        )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accepter", "Accepter : l'absence est justifiée"), ("refuser", "Refuser")],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Message à la famille",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        help_text="Obligatoire en cas de refus.",
    )


class _FamilyForm(forms.Form):
    motive = forms.ModelChoiceField(label="Motif", queryset=None, empty_label=None)
    comment = forms.CharField(
        label="Commentaire",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
    document = forms.FileField(
        label="Justificatif (facultatif)",
        required=False,
        help_text="PDF, PNG ou JPEG, 5 Mo au plus (certificat médical, convocation…).",
    )

    def __init__(self, *args: Any, establishment_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["motive"].queryset = selectors.motives(establishment_id)  # type: ignore[attr-defined]
        self.checked = None

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document:
            self.checked = upload_check(
                document, allowed=PROOFS, max_bytes=conf.justification_max_bytes()
            )
        return document


class JustificationForm(_FamilyForm):
    pass


class AbsenceDeclarationForm(_FamilyForm):
    jour = forms.DateField(label="Premier jour d'absence", widget=DateInput())
    heure = forms.TimeField(label="À partir de", widget=TimeInput(), initial=datetime.time(8, 0))
    fin_jour = forms.DateField(label="Dernier jour d'absence", widget=DateInput())
    fin_heure = forms.TimeField(label="Jusqu'à", widget=TimeInput(), initial=datetime.time(17, 30))
    field_order = ["jour", "heure", "fin_jour", "fin_heure", "motive", "comment", "document"]

    def span(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        return _combine(data["jour"], data["heure"]), _combine(data["fin_jour"], data["fin_heure"])
