"""Login forms of the two entry pages (EduConnect-style and academic), and the new-password form
every flow that chooses a password uses (first connection, SMS creation, recovery, Mon compte)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from . import conf, messages
from .models import User
from .validators import SPECIAL_CHARACTERS


class PortalLoginForm(LoginForm):
    """allauth's login form with French labels and the portal's own refusals.

    ``allowed_profiles`` is the set of profiles this entry page accepts (``None``: any).
    A refusal looks exactly like a wrong password and costs one failed attempt, so neither the
    message nor the rate limit tells whether the identifier exists or which portal it belongs to.
    """

    allowed_profiles: frozenset[str] | None = None
    login_label = "Identifiant"
    password_label = "Mot de passe"  # noqa: S105 (a label)
    login_placeholder = "Saisissez un identifiant"
    password_placeholder = "Saisissez un mot de passe"  # noqa: S105 (a placeholder)

    # Provisional accounts only have a temporary password from their letter (its own backend,
    # below); closed and expired accounts are gone for good. A guardian awaiting the e-mail check
    # logs in and is kept on "Compte en attente de validation" by activation's middleware.
    LOGIN_STATES = frozenset({User.State.ACTIVE, User.State.AWAITING_EMAIL})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = self.login_label
        login.widget.attrs.update(
            {
                "placeholder": self.login_placeholder,
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        )
        password = self.fields["password"]
        password.label = self.password_label
        password.help_text = ""
        password.widget.attrs.update({"placeholder": self.password_placeholder})

    def clean(self):
        cleaned_data = super().clean()
        user = self.user
        if user is None:
            return cleaned_data
        if not self._may_log_in(user):
            self.user = None
            get_adapter(self.request).count_refused_login(
                self.request, username=cleaned_data["login"]
            )
            raise ValidationError(messages.INVALID_LOGIN, code="invalid_login")
        return cleaned_data

    def _may_log_in(self, user: User) -> bool:
        if (
            user.state == User.State.PROVISIONAL
            and getattr(user, "backend", "") == conf.LETTER_BACKEND
        ):
            # Logged in with a letter's temporary password: activation's ActivationMiddleware
            # confines the session to the first-connection pages.
            return self.allowed_profiles is None or user.profile in self.allowed_profiles
        if not user.is_active or user.state not in self.LOGIN_STATES:
            return False
        return self.allowed_profiles is None or user.profile in self.allowed_profiles


class EduConnectLoginForm(PortalLoginForm):
    """ "Élève ou parent d'élève": Scolarité services / EduConnect accounts only."""

    allowed_profiles = frozenset(User.EDUCONNECT_PROFILES)


class AcademicLoginForm(PortalLoginForm):
    """Teachers, staff, regional staff and others: academic credentials."""

    allowed_profiles = frozenset(set(User.Profile.values) - set(User.EDUCONNECT_PROFILES))
    password_label = "Mot de passe ou passecode OTP"  # noqa: S105 (a label)
    password_placeholder = ""  # noqa: S105 (a placeholder)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


PASSWORD_RULE = (
    "Au moins 8 caractères, et au moins 3 des 4 critères suivants : une minuscule, une majuscule, "
    f"un chiffre, un caractère spécial parmi {' '.join(SPECIAL_CHARACTERS)}. Pas de mot de passe "
    "courant ni trop proche de votre nom ou de votre identifiant."
)


class NewPasswordForm(forms.Form):
    """ "Nouveau mot de passe" + "Confirmation": the EduConnect rule (against ``self.account``'s
    names when the form has one, the rule alone otherwise), then both must be identical. Pages
    that need other wording change the fields' labels or messages in ``__init__``."""

    new_password1 = forms.CharField(
        label="Nouveau mot de passe",
        strip=False,  # the rule is shown above the field
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": messages.NEW_PASSWORD_REQUIRED},
    )
    new_password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": messages.NEW_PASSWORD_AGAIN_REQUIRED},
    )

    def clean_new_password1(self) -> str:
        password = self.cleaned_data["new_password1"]
        password_validation.validate_password(password, getattr(self, "account", None))
        return password

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("new_password1"), self.data.get("new_password2", "")
        if p1 and p1 != p2:
            self.add_error("new_password2", messages.NEW_PASSWORDS_DIFFER)
        return cleaned


class PasswordChoiceForm(NewPasswordForm):
    """The new-password form of pages without an account yet (SMS creation, recovery): the rule
    alone here; the service checks again against the account's names."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = messages.CHOOSE_PASSWORD
