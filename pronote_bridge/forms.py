"""The secretariat's forms: the settings (admin), the upload of the Pronote file, settling a
line by hand."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User

from . import conf, messages
from .models import PronoteSettings
from .selectors import account_by_username
from .services import pronote_address_check


class PronoteSettingsForm(forms.ModelForm):
    class Meta:
        model = PronoteSettings
        fields = ("establishment", "base_url", "mobile_url", "identification", "is_active")
        error_messages = {
            "establishment": {"unique": messages.SETTINGS_ONE_PER_ESTABLISHMENT},
        }

    def _address(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        try:
            pronote_address_check(value, name)
        except ValidationError as error:
            raise ValidationError(error.message_dict[name]) from error
        return value

    def clean_base_url(self) -> str:
        return self._address("base_url")

    def clean_mobile_url(self) -> str:
        return self._address("mobile_url")


class PronoteUploadForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="Établissement",
        queryset=None,
        empty_label=None,
        error_messages={
            "invalid_choice": messages.IMPORT_ESTABLISHMENT_REQUIRED,
            "required": messages.IMPORT_ESTABLISHMENT_REQUIRED,
        },
    )
    file = forms.FileField(
        label="Fichier exporté par Pronote",
        help_text="Pronote › Imports/Exports › Socles ENT › Exporter les identifiants PRONOTE : "
        "le fichier .csv tel quel (séparateur point-virgule, UTF-8 ou Windows-1252).",
        error_messages={
            "required": messages.IMPORT_FILE_REQUIRED,
            "empty": messages.IMPORT_FILE_EMPTY,
        },
    )

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = establishments

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.import_max_bytes()
        if upload.size > limit:
            raise ValidationError(messages.import_too_large(upload.size // 1024, limit // 1024))
        return upload


class SettleForm(forms.Form):
    """One line: one of its candidate accounts, or an identifiant Cartable typed by hand."""

    account = forms.TypedChoiceField(label="Compte", coerce=int, required=False, empty_value=None)
    username = forms.CharField(label="ou identifiant Cartable", required=False, max_length=150)

    def __init__(self, *args, choices, establishment_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.establishment_id = establishment_id
        self.fields["account"].choices = [("", "—"), *choices]

    def clean(self):
        data = super().clean()
        account_id, username = data.get("account"), (data.get("username") or "").strip()
        if username:
            user = account_by_username(establishment_id=self.establishment_id, username=username)
            if user is None:
                raise ValidationError(messages.SETTLE_ACCOUNT_UNKNOWN)
        elif account_id:
            user = User.objects.filter(pk=account_id).first()
        else:
            raise ValidationError(messages.SETTLE_ACCOUNT_REQUIRED)
        data["user"] = user
        return data
