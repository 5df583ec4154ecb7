"""Forms of the mark book: they read and check the input; the services decide the rest (the
period, who may write). The grids are read by ``evaluations.grid``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from . import messages as texts
from .models import Devoir, Period
from .socle import COMPONENT_CHOICES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommaDecimalField(forms.DecimalField):
    """A number typed with a comma or a dot (« 1,5 » or « 1.5 »)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace(" ", "")
        return super().to_python(value)

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        # No min/max/step: a text input with inputmode="decimal" accepts the comma.
        return {}


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} (du {obj.starts_on:%d/%m} au {obj.ends_on:%d/%m/%Y})"


class DevoirForm(forms.Form):
    period = PeriodChoiceField(label="Période", queryset=Period.objects.none(), empty_label=None)
    title = forms.CharField(label="Titre", max_length=120)
    date = forms.DateField(label="Date du devoir", widget=DATE)
    out_of = CommaDecimalField(
        label="Noté sur", max_digits=5, decimal_places=2, initial=Decimal(20)
    )
    coefficient = CommaDecimalField(
        label="Coefficient",
        help_text="0 : le devoir est noté mais ne compte pas dans la moyenne.",
        max_digits=5,
        decimal_places=2,
        initial=Decimal(1),
    )
    is_optional = forms.BooleanField(
        label="Devoir facultatif (bonus)",
        help_text="Il ne compte que s'il améliore la moyenne de l'élève.",
        required=False,
    )
    visible_from = forms.DateField(
        label="Visible par les familles à partir du",
        widget=DATE,
        help_text="Les notes restent cachées aux familles jusqu'à cette date.",
    )

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(pk__in=[p.pk for p in periods])

    def clean_out_of(self) -> Decimal:
        value = self.cleaned_data["out_of"]
        if value is None or value <= 0:
            raise ValidationError(texts.OUT_OF_POSITIVE)
        return value

    def clean_coefficient(self) -> Decimal:
        value = self.cleaned_data["coefficient"]
        if value is None or value < 0:
            raise ValidationError(texts.COEFFICIENT_NEGATIVE)
        return value


class DevoirChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.date:%d/%m/%Y})"


class SkillItemForm(forms.Form):
    period = PeriodChoiceField(label="Période", queryset=Period.objects.none(), empty_label=None)
    component = forms.ChoiceField(label="Composante du socle commun", choices=COMPONENT_CHOICES)
    label = forms.CharField(
        label="Compétence évaluée",
        max_length=200,
        help_text="Par exemple : « Rédiger un texte cohérent d'une page ».",
    )
    date = forms.DateField(label="Date", widget=DATE)
    visible_from = forms.DateField(label="Visible par les familles à partir du", widget=DATE)
    devoir = DevoirChoiceField(
        label="Évaluée pendant le devoir",
        queryset=Devoir.objects.none(),
        required=False,
        empty_label="— évaluée seule —",
    )

    def __init__(self, *args: Any, periods: list[Period], devoirs: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(pk__in=[p.pk for p in periods])
        self.fields["devoir"].queryset = devoirs


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form (a field's, or the whole form's)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
