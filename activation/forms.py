"""Forms of the activation pages. Messages in French, each failed rule named."""

from __future__ import annotations

import datetime

from allauth.account.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError

from accounts import messages as account_messages
from accounts.forms import NewPasswordForm, PasswordChoiceForm
from accounts.models import User
from core.forms import BirthDateField, PhoneField, PublicEmailField

from . import conf
from . import messages as texts

LETTER_BACKEND = "activation.backends.LetterBackend"


class LetterLoginForm(forms.Form):
    """Identifiant + mot de passe provisoire of the letter (the QR code leads here)."""

    login = forms.CharField(label="Identifiant", max_length=150)
    password = forms.CharField(
        label="Mot de passe provisoire",
        help_text="Les 8 caractères en majuscules et chiffres de votre courrier de notification.",
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters"}
        )

    def clean(self):
        cleaned = super().clean()
        login, password = cleaned.get("login"), cleaned.get("password")
        if not login or not password:
            return cleaned
        # allauth's adapter: same backends and the same failed-login rate limits as the portal.
        user = get_adapter(self.request).authenticate(
            self.request, username=login.strip().lower(), password=password
        )
        # Only a letter opens this form: an account's real password (a teacher's, a secretary's,
        # an activated family's) must go through its own login page, never through this one.
        if user is None or getattr(user, "backend", None) != LETTER_BACKEND:
            raise ValidationError(account_messages.INVALID_LOGIN, code="invalid_login")
        self.user = user
        return cleaned


class FirstConnectionForm(NewPasswordForm):
    email = PublicEmailField(
        label="Adresse électronique",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": texts.EMAIL_INVALID},
    )
    email2 = PublicEmailField(
        label="Confirmation de l'adresse électronique",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": texts.EMAIL_INVALID},
    )
    birth_date = BirthDateField(
        label="Date de naissance de l'élève", help_text="Format : jj/mm/aaaa"
    )

    def __init__(self, *args, account: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        if account.is_guardian:
            self.fields["email"].required = True
            self.fields["email2"].required = True
            self.fields["email"].help_text = (
                "Obligatoire : un mail vous y sera envoyé, vous devrez cliquer sur le lien qu'il "
                "contient pour accéder à vos services en ligne."
            )
            self.fields["email"].error_messages["required"] = texts.EMAIL_REQUIRED_FOR_GUARDIANS
            self.fields["email2"].error_messages["required"] = texts.EMAIL_CONFIRMATION_REQUIRED
        else:
            self.fields[
                "email"
            ].help_text = (
                "Facultative, mais indispensable pour retrouver seul un mot de passe oublié."
            )

    def clean(self):
        cleaned = super().clean()  # the passwords first
        e1, e2 = (
            (cleaned.get("email") or "").strip().lower(),
            (cleaned.get("email2") or "").strip().lower(),
        )
        if (e1 or e2) and e1 != e2 and "email2" not in self.errors:
            self.add_error("email2", texts.EMAILS_DIFFER)
        return cleaned


# --- Création de compte par SMS (and the code field recovery uses too) ------------------------

CODE_HELP = "Les 6 chiffres reçus par SMS."


class MobileField(PhoneField):
    """The mobile a school recorded: any usual spelling, read as the roster import reads it."""

    default_error_messages = {
        "required": texts.MOBILE_REQUIRED,
        "invalid": texts.MOBILE_INVALID,
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Numéro de téléphone portable")
        kwargs.setdefault(
            "help_text", "Celui que vous avez donné au collège. Exemple : 06 12 34 56 78"
        )
        super().__init__(**kwargs)


class CodeField(forms.CharField):
    default_error_messages = {
        "required": texts.CODE_REQUIRED,
        "invalid": texts.CODE_INVALID,
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


class CreationStartForm(forms.Form):
    last_name = forms.CharField(
        label="Nom", max_length=100, error_messages={"required": texts.LAST_NAME_REQUIRED}
    )
    first_name = forms.CharField(
        label="Prénom", max_length=100, error_messages={"required": texts.FIRST_NAME_REQUIRED}
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
                help_text="Format : jj/mm/aaaa"
                if index == 1
                else "Si vous avez un autre enfant dans un collège",
                required=index == 1,
            )
        self.fields["birth_date_1"].error_messages["required"] = texts.CHILD_BIRTH_DATE_REQUIRED

    def birth_date_fields(self):
        return [self[f"birth_date_{index}"] for index in range(1, conf.CREATION_MAX_CHILDREN + 1)]

    @property
    def birth_dates(self) -> list[datetime.date]:
        return [
            value
            for index in range(1, conf.CREATION_MAX_CHILDREN + 1)
            if (value := self.cleaned_data.get(f"birth_date_{index}"))
        ]


class CreationPasswordForm(PasswordChoiceForm):
    pass
