"""Forms of "Mon compte". Passwords typed here count in the same failed-login limit as the
login pages (allauth's ``login_failed`` rate, keyed on the identifier)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError

from accounts import messages as account_messages
from accounts.forms import PASSWORD_RULE, NewPasswordForm
from accounts.models import Guardian, User
from activation import messages as activation_messages
from core.forms import PhoneField, PublicEmailField

from . import messages as texts
from .services.merge import MergeRefused, merge_candidate_authenticate, merge_plan


class _RateLimitedCheck:
    """Counts one failed login for ``username`` before a password check; refunds it on success."""

    def __init__(self, request, username: str) -> None:
        self.adapter = get_adapter(request)
        self.request = request
        self.username = (username or "").strip().lower()

    def __enter__(self):
        # Raises the "too many attempts" ValidationError once the limit is reached.
        self.adapter.pre_authenticate(self.request, username=self.username)
        return self

    def succeeded(self) -> None:
        rollback = getattr(self.adapter, "_rollback_login_failed_rl_usage", None)
        if rollback is not None:
            rollback()

    def __exit__(self, *exc_info):
        return False


class CurrentPasswordMixin:
    """A "mot de passe actuel" field checked against the account, rate-limited."""

    current_password_field = "current_password"  # noqa: S105 - a field name

    def clean_current_password(self) -> str:
        password = self.cleaned_data.get(self.current_password_field, "")
        with _RateLimitedCheck(self.request, self.account.username) as check:
            if not self.account.check_password(password):
                raise ValidationError(account_messages.WRONG_PASSWORD, code="password_incorrect")
            check.succeeded()
        return password


class EmailChangeForm(CurrentPasswordMixin, forms.Form):
    current_password = forms.CharField(
        label="Mot de passe actuel",
        strip=False,
        help_text="Pour vérifier que c'est bien vous.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": texts.CURRENT_PASSWORD_REQUIRED},
    )
    new_email = PublicEmailField(
        label="Nouvelle adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": texts.NEW_EMAIL_REQUIRED,
            "invalid": activation_messages.EMAIL_INVALID,
        },
    )
    new_email2 = PublicEmailField(
        label="Confirmation de la nouvelle adresse",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": texts.NEW_EMAIL_CONFIRMATION_REQUIRED,
            "invalid": activation_messages.EMAIL_INVALID,
        },
    )

    def __init__(self, *args, account: User, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account, self.request = account, request

    def clean(self):
        cleaned = super().clean()
        e1 = (cleaned.get("new_email") or "").strip().lower()
        e2 = (cleaned.get("new_email2") or "").strip().lower()
        if e1 and e2 and e1 != e2:
            self.add_error("new_email2", activation_messages.EMAILS_DIFFER)
        return cleaned


class PasswordChangeForm(CurrentPasswordMixin, NewPasswordForm):
    current_password = forms.CharField(
        label="Mot de passe actuel",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": texts.CURRENT_PASSWORD_REQUIRED},
    )
    rule = PASSWORD_RULE
    field_order = ["current_password", "new_password1", "new_password2"]

    def __init__(self, *args, account: User, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account, self.request = account, request
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"
        self.fields["new_password2"].error_messages["required"] = texts.NEW_PASSWORD_AGAIN_REQUIRED

    def clean(self):
        cleaned = super().clean()  # the passwords identical
        p1 = cleaned.get("new_password1")
        if p1 and p1 == cleaned.get("current_password"):
            self.add_error("new_password1", texts.NEW_PASSWORD_SAME_AS_CURRENT)
        return cleaned


class MergeCredentialsForm(forms.Form):
    """ "Compte à regrouper avec": identifiant + mot de passe (provisoire ou choisi) of the other account."""

    login = forms.CharField(
        label="Identifiant du compte",
        max_length=150,
        error_messages={"required": texts.MERGE_LOGIN_REQUIRED},
    )
    password = forms.CharField(
        label="Mot de passe du compte",
        strip=False,
        help_text="Le mot de passe provisoire du courrier de notification, ou le mot de passe du compte s'il est déjà activé.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": texts.MERGE_PASSWORD_REQUIRED},
    )

    def __init__(self, *args, account: User, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account, self.request = account, request
        self.plan = None
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        )

    def clean(self):
        cleaned = super().clean()
        login, password = cleaned.get("login"), cleaned.get("password")
        if not login or not password:
            return cleaned
        with _RateLimitedCheck(self.request, login) as check:
            other = merge_candidate_authenticate(identifier=login, password=password)
            if other is None:
                raise ValidationError(account_messages.INVALID_LOGIN, code="invalid_login")
            check.succeeded()
        try:
            self.plan = merge_plan(survivor=self.account, absorbed=other)
        except MergeRefused as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        return cleaned


class MergeConfirmForm(forms.Form):
    joint = forms.BooleanField(
        label="Je confirme vouloir faire un compte joint responsable légal 1 et responsable légal 2",
        required=False,
        help_text="Le compte joint permet de modifier la fiche de renseignements des deux responsables.",
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        if not plan.needs_joint_choice:
            del self.fields["joint"]
        else:
            self.fields["joint"].required = True
            self.fields["joint"].error_messages["required"] = texts.JOINT_CHOICE_REQUIRED


class GuardianContactForm(forms.ModelForm):
    phone_mobile = PhoneField(label="Téléphone portable", required=False)
    phone_home = PhoneField(label="Téléphone personnel", required=False)
    phone_work = PhoneField(label="Téléphone professionnel", required=False)
    email = PublicEmailField(
        label="Adresse électronique",
        required=False,
        max_length=254,
        error_messages={"invalid": activation_messages.EMAIL_INVALID},
    )

    class Meta:
        model = Guardian
        fields = (
            "phone_mobile",
            "phone_home",
            "phone_work",
            "email",
            "address_lines",
            "postal_code",
            "city",
            "country",
        )
        labels = {
            "email": "Adresse électronique",
            "address_lines": "Adresse",
            "postal_code": "Code postal",
            "city": "Commune",
            "country": "Pays",
        }
        widgets = {"address_lines": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("phone_mobile", "phone_home", "phone_work"):
            self.fields[name].error_messages["invalid"] = texts.PHONE_INVALID
        if self.instance.phone_mobile:
            # SMS recovery sends its codes to this number: a form sent blank must not erase it
            # (another number may replace it).
            mobile = self.fields["phone_mobile"]
            mobile.required = True
            mobile.error_messages["required"] = texts.MOBILE_REQUIRED


class NoticePreferencesForm(forms.Form):
    """One checkbox per kind of e-mail notice of the account's profile (core.notices)."""

    def __init__(self, *args, kinds, enabled: set[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.key] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=kind.key in enabled,
            )

    def enabled(self) -> set[str]:
        return {key for key, value in self.cleaned_data.items() if value}
