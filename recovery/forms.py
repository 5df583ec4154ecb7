"""Forms of the recovery pages. Each failed rule gets its own French message."""

from __future__ import annotations

from django import forms

from accounts.forms import PasswordChoiceForm
from accounts.models import Establishment
from activation import messages as activation_texts
from activation.forms import CodeField, MobileField
from core.forms import BirthDateField

from . import messages as texts

# --- Récupération -------------------------------------------------------------------------------

CHANNEL_CHOICES = [("email", "Par courriel"), ("sms", "Par SMS")]


class IdentifierReminderForm(forms.Form):
    channel = forms.ChoiceField(
        label="Recevoir mon identifiant",
        choices=CHANNEL_CHOICES,
        widget=forms.RadioSelect,
        initial="email",
        error_messages={"required": texts.IDENTIFIER_CHANNEL_REQUIRED},
    )
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Celle que vous avez confirmée lors de votre première connexion.",
        error_messages={"invalid": activation_texts.EMAIL_INVALID},
    )
    phone = MobileField(
        required=False, help_text="Responsables : celui que vous avez donné au collège."
    )

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == "email" and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", texts.EMAIL_REQUIRED)
        if channel == "sms" and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", texts.MOBILE_REQUIRED)
        return cleaned


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label="Identifiant",
        max_length=150,
        help_text="Exemple : p.nom ou p.nom2",
        error_messages={"required": texts.IDENTIFIER_REQUIRED},
    )
    channel = forms.ChoiceField(
        label="Recevoir",
        choices=[("email", "Un lien par courriel"), ("sms", "Un code par SMS")],
        widget=forms.RadioSelect,
        initial="email",
        error_messages={"required": texts.PASSWORD_CHANNEL_REQUIRED},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identifier"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )


class PasswordResetCodeForm(PasswordChoiceForm):
    code = CodeField()

    field_order = ["code", "new_password1", "new_password2"]


class PasswordResetLinkForm(PasswordChoiceForm):
    pass


# --- Accès de secours ---------------------------------------------------------------------------


class EmergencyAccessForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="Ton collège",
        queryset=Establishment.objects.order_by("name"),
        to_field_name="uai",
        empty_label="Choisis ton collège",
        error_messages={
            "required": texts.EMERGENCY_SCHOOL_REQUIRED,
            "invalid_choice": texts.EMERGENCY_SCHOOL_NOT_IN_LIST,
        },
    )
    last_name = forms.CharField(
        label="Nom", max_length=100, error_messages={"required": texts.EMERGENCY_LAST_NAME_REQUIRED}
    )
    first_name = forms.CharField(
        label="Prénom",
        max_length=100,
        error_messages={"required": texts.EMERGENCY_FIRST_NAME_REQUIRED},
    )
    division_label = forms.CharField(
        label="Classe",
        max_length=20,
        help_text="Exemple : 5 B",
        error_messages={"required": texts.EMERGENCY_DIVISION_REQUIRED},
    )
    birth_date = BirthDateField(label="Date de naissance", help_text="Format : jj/mm/aaaa")
    message = forms.CharField(
        label="Message pour le référent numérique (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": texts.EMERGENCY_MESSAGE_TOO_LONG},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].error_messages["required"] = texts.EMERGENCY_BIRTH_DATE_REQUIRED
