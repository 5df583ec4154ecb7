"""Forms of the paired devices: the 4-character code (on the computer, then on the phone) and
a device's name."""

from __future__ import annotations

from django import forms

from . import conf
from . import messages as texts
from .models import Device
from .tokens import pairing_code_normalise


class PairingCodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 4 caractères",
        max_length=16,
        error_messages={"required": texts.CODE_REQUIRED},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": str(conf.PAIRING_CODE_LENGTH),
            }
        ),
    )

    def __init__(self, *args, help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text

    def clean_code(self) -> str:
        return pairing_code_normalise(self.cleaned_data["code"])


class DeviceNameForm(forms.ModelForm):
    class Meta:
        model = Device
        fields = ["name"]
        labels = {"name": "Nom de l'appareil"}
        help_texts = {"name": "Par exemple « Téléphone de Sophie » (60 caractères au plus)."}
        error_messages = {"name": {"required": texts.NAME_REQUIRED}}
