"""Forms of the EduConnect pages. Each failed rule gets its own French message."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Establishment
from core.forms import BirthDateField, PhoneField
from teleservices.forms import PASSWORD_RULE, NewPasswordForm

from . import conf

__all__ = ["PASSWORD_RULE"]

CODE_HELP = "Les 6 chiffres reçus par SMS."


class MobileField(PhoneField):
    """The mobile a school recorded: any usual spelling, read as the roster import reads it."""

    default_error_messages = {
        "required": "Le numéro de téléphone portable est obligatoire.",
        "invalid": "Saisissez un numéro de téléphone portable valide, par exemple 06 12 34 56 78.",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Numéro de téléphone portable")
        kwargs.setdefault("help_text", "Celui que vous avez donné au collège. Exemple : 06 12 34 56 78")
        super().__init__(**kwargs)


class CodeField(forms.CharField):
    default_error_messages = {
        "required": "Saisissez le code reçu par SMS.",
        "invalid": "Le code reçu par SMS comporte 6 chiffres.",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Code reçu par SMS")
        kwargs.setdefault("help_text", CODE_HELP)
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric"})

    def clean(self, value):
        value = "".join((super().clean(value) or "").split())
        if len(value) != conf.SMS_CODE_LENGTH or not value.isdigit():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def _past_date(value: datetime.date | None) -> datetime.date | None:
    if value and value > datetime.date.today():  # noqa: DTZ011 - a calendar date typed by a person
        raise ValidationError("La date de naissance ne peut pas être dans le futur.")
    return value


class NewPasswordMixin(NewPasswordForm):
    """No ``account`` on these forms: the rule alone here; the service checks again against the
    account's names."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Choisissez un mot de passe."


# --- Création de compte -------------------------------------------------------------------------


class CreationStartForm(forms.Form):
    last_name = forms.CharField(label="Nom", max_length=100, error_messages={"required": "Le nom est obligatoire."})
    first_name = forms.CharField(
        label="Prénom", max_length=100, error_messages={"required": "Le prénom est obligatoire."}
    )
    phone = MobileField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"


class CreationVerifyForm(forms.Form):
    code = CodeField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, conf.CREATION_MAX_CHILDREN + 1):
            self.fields[f"birth_date_{index}"] = BirthDateField(
                label=f"Date de naissance de votre enfant n° {index}",
                help_text="Format : jj/mm/aaaa" if index == 1 else "Si vous avez un autre enfant dans un collège",
                required=index == 1,
            )
        self.fields["birth_date_1"].error_messages["required"] = (
            "Saisissez la date de naissance d'au moins un enfant."
        )

    def birth_date_fields(self):
        return [self[f"birth_date_{index}"] for index in range(1, conf.CREATION_MAX_CHILDREN + 1)]

    def clean(self):
        cleaned = super().clean()
        for index in range(1, conf.CREATION_MAX_CHILDREN + 1):
            try:
                _past_date(cleaned.get(f"birth_date_{index}"))
            except ValidationError as exc:
                self.add_error(f"birth_date_{index}", exc)
        return cleaned

    @property
    def birth_dates(self) -> list[datetime.date]:
        return [
            value for index in range(1, conf.CREATION_MAX_CHILDREN + 1)
            if (value := self.cleaned_data.get(f"birth_date_{index}"))
        ]


class CreationPasswordForm(NewPasswordMixin):
    pass


# --- Récupération -------------------------------------------------------------------------------

CHANNEL_CHOICES = [("email", "Par courriel"), ("sms", "Par SMS")]


class IdentifierReminderForm(forms.Form):
    channel = forms.ChoiceField(
        label="Recevoir mon identifiant", choices=CHANNEL_CHOICES, widget=forms.RadioSelect, initial="email",
        error_messages={"required": "Choisissez comment recevoir votre identifiant."},
    )
    email = forms.EmailField(
        label="Adresse électronique", required=False,
        help_text="Celle que vous avez confirmée lors de votre première connexion.",
        error_messages={"invalid": "Saisissez une adresse électronique valide (ex. nom@exemple.fr)."},
    )
    phone = MobileField(required=False, help_text="Responsables : celui que vous avez donné au collège.")

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == "email" and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Saisissez votre adresse électronique.")
        if channel == "sms" and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Saisissez votre numéro de téléphone portable.")
        return cleaned


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label="Identifiant", max_length=150, help_text="Exemple : p.nom ou p.nom2",
        error_messages={"required": "Saisissez votre identifiant."},
    )
    channel = forms.ChoiceField(
        label="Recevoir", choices=[("email", "Un lien par courriel"), ("sms", "Un code par SMS")],
        widget=forms.RadioSelect, initial="email",
        error_messages={"required": "Choisissez comment réinitialiser votre mot de passe."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identifier"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )


class PasswordResetCodeForm(NewPasswordMixin):
    code = CodeField()

    field_order = ["code", "new_password1", "new_password2"]


class PasswordResetLinkForm(NewPasswordMixin):
    pass


# --- Accès de secours ---------------------------------------------------------------------------


class EmergencyAccessForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="Ton collège", queryset=Establishment.objects.order_by("name"), to_field_name="uai",
        empty_label="Choisis ton collège",
        error_messages={"required": "Choisis ton collège.", "invalid_choice": "Choisis ton collège dans la liste."},
    )
    last_name = forms.CharField(label="Nom", max_length=100, error_messages={"required": "Ton nom est obligatoire."})
    first_name = forms.CharField(
        label="Prénom", max_length=100, error_messages={"required": "Ton prénom est obligatoire."}
    )
    division_label = forms.CharField(
        label="Classe", max_length=20, help_text="Exemple : 5 B",
        error_messages={"required": "Ta classe est obligatoire."},
    )
    birth_date = BirthDateField(label="Date de naissance", help_text="Format : jj/mm/aaaa")
    message = forms.CharField(
        label="Message pour le référent numérique (facultatif)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Ton message ne peut pas dépasser 1000 caractères."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].error_messages["required"] = "Ta date de naissance est obligatoire."

    def clean_birth_date(self):
        return _past_date(self.cleaned_data["birth_date"])
