"""The orientation's forms: the family's ranked vœux (the rules of ``demarches.orientation``),
the conseil de classe's answer, the direction's decision; each carries its French messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .. import messages as texts
from ..models import OrientationFile
from ..orientation import MAX_WISHES, clean_wishes

VOIE_CHOICES = [("", "— aucun —"), *OrientationFile.Voie.choices]


class OrientationWishesForm(forms.Form):
    """The family's ranked vœux (``voie_1``, ``specialite_1``…) and its comment."""

    comment = forms.CharField(
        label="Commentaire (facultatif)",
        help_text="Ce que vous souhaitez dire au conseil de classe.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for rank in range(1, MAX_WISHES + 1):
            self.fields[f"voie_{rank}"] = forms.ChoiceField(
                label=f"Vœu {rank}",
                choices=VOIE_CHOICES,
                required=False,
                error_messages={"invalid_choice": texts.VOIE_INVALID},
            )
            self.fields[f"specialite_{rank}"] = forms.CharField(
                label=f"Spécialité du vœu {rank}",
                help_text="Pour une 2de professionnelle ou un CAP.",
                max_length=120,
                required=False,
            )
        self.order_fields(
            [
                name
                for rank in range(1, MAX_WISHES + 1)
                for name in (f"voie_{rank}", f"specialite_{rank}")
            ]
            + ["comment"]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["wishes"] = clean_wishes(
                [
                    (data.get(f"voie_{rank}", ""), data.get(f"specialite_{rank}", ""))
                    for rank in range(1, MAX_WISHES + 1)
                ]
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field, errors)
        return data

    def rank_fields(self) -> list[tuple[int, Any, Any]]:
        return [
            (rank, self[f"voie_{rank}"], self[f"specialite_{rank}"])
            for rank in range(1, MAX_WISHES + 1)
        ]


def orientation_initial(file: OrientationFile | None) -> dict[str, Any]:
    if file is None:
        return {}
    initial: dict[str, Any] = {"comment": file.comment}
    for rank, wish in enumerate(file.wishes, start=1):
        initial[f"voie_{rank}"] = wish.get("voie", "")
        initial[f"specialite_{rank}"] = wish.get("specialty", "")
    return initial


AVIS_CHOICES = [("", "—"), *OrientationFile.Avis.choices]


class CouncilForm(forms.Form):
    """The conseil de classe's answer: an avis per intention (intentions provisoires) or a
    proposition d'orientation (vœux définitifs), and a comment the family reads."""

    comment = forms.CharField(
        label="Avis du conseil de classe (la famille le lit)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, file: OrientationFile, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.file = file
        if file.is_voeux:
            self.fields["proposal_voie"] = forms.ChoiceField(
                label="Proposition d'orientation",
                choices=VOIE_CHOICES,
                error_messages={
                    "required": texts.PROPOSAL_REQUIRED,
                    "invalid_choice": texts.VOIE_INVALID,
                },
            )
            self.fields["proposal_specialty"] = forms.CharField(
                label="Spécialité proposée",
                help_text="Pour une 2de professionnelle ou un CAP.",
                max_length=120,
                required=False,
            )
        else:
            for rank, wish in enumerate(file.wish_rows, start=1):
                self.fields[f"avis_{rank}"] = forms.ChoiceField(
                    label=f"Avis sur l'intention {rank} : {wish['voie_label']}"
                    + (f" ({wish['specialty']})" if wish["specialty"] else ""),
                    choices=AVIS_CHOICES,
                    error_messages={
                        "required": texts.AVIS_REQUIRED,
                        "invalid_choice": texts.AVIS_INVALID,
                    },
                )
                self.fields[f"avis_comment_{rank}"] = forms.CharField(
                    label=f"Commentaire sur l'intention {rank}", max_length=300, required=False
                )
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])

    def avis(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"avis_{rank}"], self.cleaned_data.get(f"avis_comment_{rank}", ""))
            for rank in range(1, len(self.file.wishes) + 1)
        ]


class OrientationDecisionForm(forms.Form):
    voie = forms.ChoiceField(
        label="Décision d'orientation",
        choices=VOIE_CHOICES,
        error_messages={
            "required": texts.DECISION_VOIE_REQUIRED,
            "invalid_choice": texts.VOIE_INVALID,
        },
    )
    specialty = forms.CharField(label="Spécialité", max_length=120, required=False)
    comment = forms.CharField(
        label="Commentaire (après l'entretien, s'il a eu lieu)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
