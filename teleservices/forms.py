"""Forms of the activation pages. Messages in French, each failed rule named."""

from __future__ import annotations

import datetime

from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.validators import SPECIAL_CHARACTERS
from core.forms import BirthDateField

PASSWORD_RULE = (
    "Au moins 8 caractères, et au moins 3 des 4 critères suivants : une minuscule, une majuscule, "
    f"un chiffre, un caractère spécial parmi {' '.join(SPECIAL_CHARACTERS)}. Pas de mot de passe "
    "courant ni trop proche de votre nom ou de votre identifiant."
)


class NewPasswordForm(forms.Form):
    """"Nouveau mot de passe" + "Confirmation": the EduConnect rule (against ``self.account``'s
    names when the form has one, the rule alone otherwise), then both must be identical. Pages
    that need other wording change the fields' labels or messages in ``__init__``."""

    new_password1 = forms.CharField(
        label="Nouveau mot de passe", strip=False,  # the rule is shown above the field
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choisissez un nouveau mot de passe."},
    )
    new_password2 = forms.CharField(
        label="Confirmation du mot de passe", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez à nouveau le mot de passe."},
    )

    def clean_new_password1(self) -> str:
        password = self.cleaned_data["new_password1"]
        password_validation.validate_password(password, getattr(self, "account", None))
        return password

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("new_password1"), self.data.get("new_password2", "")
        if p1 and p1 != p2:
            self.add_error("new_password2", "Les deux mots de passe ne sont pas identiques.")
        return cleaned


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
        self.fields["password"].widget.attrs.update({"autocomplete": "off", "autocapitalize": "characters"})

    def clean(self):
        cleaned = super().clean()
        login, password = cleaned.get("login"), cleaned.get("password")
        if not login or not password:
            return cleaned
        # allauth's adapter: same backends and the same failed-login rate limits as the portal.
        user = get_adapter(self.request).authenticate(self.request, username=login.strip().lower(), password=password)
        if user is None:
            raise ValidationError("Identifiant ou mot de passe incorrect.", code="invalid_login")
        self.user = user
        return cleaned


class FirstConnectionForm(NewPasswordForm):
    email = forms.EmailField(
        label="Adresse électronique", required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Saisissez une adresse électronique valide (ex. nom@exemple.fr)."},
    )
    email2 = forms.EmailField(
        label="Confirmation de l'adresse électronique", required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Saisissez une adresse électronique valide (ex. nom@exemple.fr)."},
    )
    birth_date = BirthDateField(label="Date de naissance de l'élève", help_text="Format : jj/mm/aaaa")

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
            self.fields["email"].error_messages["required"] = (
                "L'adresse électronique est obligatoire pour les responsables."
            )
            self.fields["email2"].error_messages["required"] = "Confirmez l'adresse électronique."
        else:
            self.fields["email"].help_text = (
                "Facultative, mais indispensable pour retrouver seul un mot de passe oublié."
            )

    def clean_birth_date(self) -> datetime.date:
        value = self.cleaned_data["birth_date"]
        if value > datetime.date.today():  # noqa: DTZ011 - a calendar date typed by a person
            raise ValidationError("La date de naissance ne peut pas être dans le futur.")
        return value

    def clean(self):
        cleaned = super().clean()  # the passwords first
        e1, e2 = (cleaned.get("email") or "").strip().lower(), (cleaned.get("email2") or "").strip().lower()
        if (e1 or e2) and e1 != e2 and "email2" not in self.errors:
            self.add_error("email2", "Les deux adresses électroniques ne sont pas identiques.")
        return cleaned
