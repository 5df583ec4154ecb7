"""The forms of the démarches: the bourse's steps (the family) and the instruction (the
secretariat). Each wraps the library validators (schwifty for the IBAN and BIC, the content check of
core.uploads for the avis d'imposition) and carries its French messages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from accounts.models import Division
from core.uploads import PROOFS, CheckedUpload, upload_check

from .. import conf
from .. import messages as texts
from ..models import BourseRequest, Campaign

IMPLEMENTED_SERVICES = (
    Campaign.Service.BOURSE,
    Campaign.Service.ORIENTATION_INTENTIONS,
    Campaign.Service.ORIENTATION_VOEUX,
)
ORIENTATION_SERVICES = (Campaign.Service.ORIENTATION_INTENTIONS, Campaign.Service.ORIENTATION_VOEUX)


class HouseholdForm(forms.Form):
    """Step 1: the household and its revenu fiscal de référence."""

    dependent_children = forms.IntegerField(
        label="Nombre d'enfants à charge",
        help_text="Tels qu'ils figurent sur l'avis d'imposition (cet enfant compris).",
        min_value=1,
        max_value=20,
        error_messages={
            "required": texts.CHILDREN_RANGE,
            "invalid": texts.CHILDREN_RANGE,
            "min_value": texts.CHILDREN_RANGE,
            "max_value": texts.CHILDREN_RANGE,
        },
    )
    reference_income = forms.CharField(
        label="Revenu fiscal de référence du foyer (en euros)",
        help_text="Sur l'avis d'imposition de l'année passée, ligne « Revenu fiscal de référence ».",
        max_length=20,
        error_messages={"required": texts.RFR_INVALID},
    )

    def clean_reference_income(self) -> Decimal:
        raw = self.cleaned_data["reference_income"]
        text = raw.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
        try:
            amount = Decimal(text.replace(",", "."))
        except InvalidOperation as error:
            raise ValidationError(texts.RFR_INVALID) from error
        if not amount.is_finite() or amount <= 0:
            raise ValidationError(texts.RFR_POSITIVE)
        if amount >= Decimal("100000000") or amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(texts.RFR_INVALID)
        return amount


class DocumentForm(forms.Form):
    """Step 2: the avis d'imposition, checked by its content and size."""

    document = forms.FileField(
        label="Avis d'imposition",
        help_text="PDF, PNG ou JPEG, 5 Mo au plus.",
        required=False,
    )

    def __init__(self, *args: Any, has_document: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.has_document = has_document
        self.checked: CheckedUpload | None = None
        if has_document:
            self.fields["document"].help_text = (
                "Un avis est déjà joint : envoyez-en un autre pour le remplacer. "
                "PDF, PNG ou JPEG, 5 Mo au plus."
            )

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if not document:
            if not self.has_document:
                raise ValidationError(texts.DOCUMENT_REQUIRED)
            return None
        self.checked = upload_check(
            document, allowed=PROOFS, max_bytes=conf.bourse_document_max_bytes()
        )
        return document


class BankForm(forms.Form):
    """Step 3: where the bourse is paid."""

    iban = forms.CharField(
        label="IBAN",
        help_text="Sur votre RIB, par exemple FR76 3000 6000 0112 3456 7890 189.",
        max_length=42,
        error_messages={"required": texts.IBAN_INVALID.format(reason="champ vide")},
    )
    bic = forms.CharField(
        label="BIC",
        help_text="8 ou 11 caractères, sur votre RIB.",
        max_length=14,
        error_messages={"required": texts.BIC_INVALID},
    )
    account_holder = forms.CharField(
        label="Titulaire du compte",
        max_length=140,
        error_messages={"required": texts.HOLDER_REQUIRED},
    )

    def clean_iban(self) -> str:
        try:
            iban = IBAN(self.cleaned_data["iban"])
        except SchwiftyException as error:
            raise ValidationError(texts.IBAN_INVALID.format(reason=_iban_reason(error))) from error
        return iban.compact

    def clean_bic(self) -> str:
        try:
            bic = BIC(self.cleaned_data["bic"])
        except SchwiftyException as error:
            raise ValidationError(texts.BIC_INVALID) from error
        return bic.compact

    def clean_account_holder(self) -> str:
        holder = " ".join(self.cleaned_data["account_holder"].split())
        if not holder:
            raise ValidationError(texts.HOLDER_REQUIRED)
        return holder

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        iban, bic = data.get("iban"), data.get("bic")
        if iban and bic and BIC(bic).country_code != IBAN(iban).country_code:
            self.add_error("bic", texts.BIC_MISMATCH)
        return data


def _iban_reason(error: Exception) -> str:
    name = type(error).__name__
    return {
        "InvalidChecksumDigits": "la clé de contrôle ne correspond pas",
        "InvalidLength": "le nombre de caractères ne va pas",
        "InvalidCountryCode": "le code pays est inconnu",
        "InvalidStructure": "le format ne correspond pas au pays",
        "InvalidBBANChecksum": "la clé RIB ne correspond pas",
    }.get(name, "le format n'est pas reconnu")


STEPS = {1: HouseholdForm, 2: DocumentForm, 3: BankForm}
STEP_TITLES = {
    1: "Votre foyer",
    2: "L'avis d'imposition",
    3: "Vos coordonnées bancaires",
    4: "Récapitulatif",
}


def step_initial(step: int, request: BourseRequest | None) -> dict[str, Any]:
    if request is None or step == 2:
        return {}
    names = STEPS[step].base_fields
    initial = {name: getattr(request, name) for name in names}
    if step == 1 and request.reference_income is not None:
        initial["reference_income"] = f"{request.reference_income:.2f}".replace(".", ",")
    return {name: value for name, value in initial.items() if value not in (None, "")}


# -- the secretariat -----------------------------------------------------------------------------


class InstructionForm(forms.Form):
    DECISIONS = (
        ("accepter", "Accorder la bourse"),
        ("refuser", "Refuser la demande"),
        ("piece", "Demander une pièce manquante"),
    )
    decision = forms.ChoiceField(label="Décision", choices=DECISIONS, widget=forms.RadioSelect)
    document_checked = forms.BooleanField(
        label="J'ai vérifié l'avis d'imposition (revenu fiscal de référence, foyer)",
        required=False,
    )
    echelon = forms.TypedChoiceField(label="Échelon accordé", coerce=int, required=False)
    reason = forms.CharField(
        label="Motif du refus", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    message = forms.CharField(
        label="Pièce demandée (la famille lit ce message)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, echelons: list[int], estimated: int | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["echelon"].choices = [("", "—")] + [
            (number, f"Échelon {number}") for number in echelons
        ]
        if estimated is not None:
            self.fields["echelon"].initial = estimated

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decision = data.get("decision")
        if decision == "accepter" and not data.get("echelon"):
            self.add_error("echelon", texts.ECHELON_REQUIRED)
        if decision == "accepter" and not data.get("document_checked"):
            self.add_error("document_checked", texts.DOCUMENT_NOT_CHECKED)
        if decision == "refuser" and not (data.get("reason") or "").strip():
            self.add_error("reason", texts.REASON_REQUIRED)
        if decision == "piece" and not (data.get("message") or "").strip():
            self.add_error("message", texts.MISSING_REQUIRED)
        return data


def _datetime_field(label: str) -> forms.DateTimeField:
    # One labelled input (the admin's split date / time inputs have no label of their own).
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Date et heure.",
    )


class CampaignAdminForm(forms.ModelForm):
    opens_at = _datetime_field("Ouverture")
    closes_at = _datetime_field("Clôture")

    class Meta:
        model = Campaign
        fields = (
            "establishment",
            "service",
            "school_year",
            "opens_at",
            "closes_at",
            "levels",
            "divisions",
            "message",
        )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "service" in self.fields:
            self.fields["service"].choices = [
                (value, label)
                for value, label in Campaign.Service.choices
                if value in IMPLEMENTED_SERVICES
            ]

    def clean_levels(self) -> str:
        levels = [
            level.strip() for level in self.cleaned_data["levels"].split(",") if level.strip()
        ]
        valid = {value for value, _ in Division.Level.choices if value}
        if any(level not in valid for level in levels):
            raise ValidationError(texts.LEVELS_INVALID)
        return ",".join(levels)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        establishment = data.get("establishment") or getattr(self.instance, "establishment", None)
        divisions = data.get("divisions")
        if (
            establishment is not None
            and divisions is not None
            and any(division.establishment_id != establishment.pk for division in divisions)
        ):
            self.add_error("divisions", texts.DIVISION_OTHER_SCHOOL)
        if data.get("service") in ORIENTATION_SERVICES:
            if any(level != "3" for level in (data.get("levels") or "").split(",") if level):
                self.add_error("levels", texts.ORIENTATION_LEVELS_ONLY_3)
            if divisions is not None and any(division.level != "3" for division in divisions):
                self.add_error("divisions", texts.ORIENTATION_DIVISIONS_ONLY_3)
        return data


from .orientation import (  # noqa: E402  (kept apart: the module would be too long)
    AVIS_CHOICES,
    VOIE_CHOICES,
    CouncilForm,
    OrientationDecisionForm,
    OrientationWishesForm,
    orientation_initial,
)

__all__ = [
    "AVIS_CHOICES",
    "VOIE_CHOICES",
    "CouncilForm",
    "OrientationDecisionForm",
    "OrientationWishesForm",
    "orientation_initial",
]
