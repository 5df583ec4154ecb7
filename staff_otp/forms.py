from __future__ import annotations

from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

from . import messages
from .adapter import StaffMFAAdapter, may_use_totp


class StaffActivateTOTPForm(ActivateTOTPForm):
    """allauth's enrolment form, for staff profiles only and in French."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = "Code à 6 chiffres affiché par l'application"
        code.widget.attrs.update(
            {
                "placeholder": "",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
            }
        )

    def clean_code(self) -> str:
        if not may_use_totp(self.user):
            raise StaffMFAAdapter().validation_error("not_staff")
        return super().clean_code()


class PasscodeForm(forms.Form):
    code = forms.CharField(
        label="Passecode OTP (6 chiffres) ou code de secours (8 chiffres)",
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={"required": messages.PASSCODE_REQUIRED},
    )
