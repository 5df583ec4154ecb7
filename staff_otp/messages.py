"""User-facing messages of the staff passcode (passecode OTP), in French."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# --- Enrolment (allauth.mfa's pages, through the adapter) ----------------------------------------

INCORRECT_CODE = _("Code incorrect. Saisissez le code à 6 chiffres affiché par l'application.")
CANNOT_DEACTIVATE = _("Vous ne pouvez pas désactiver le passecode OTP.")
UNAVAILABLE_FOR_ACCOUNT = _("Le passecode OTP n'est pas disponible pour ce compte.")
STAFF_ONLY = _("Le passecode OTP est réservé aux personnels de l'établissement.")

# --- The passcode check in front of the admin ----------------------------------------------------

PASSCODE_REQUIRED = _("Saisissez le passecode affiché par votre application.")
PASSCODE_VERIFIED = _("Passecode vérifié.")
PASSCODE_INCORRECT = _(
    "Passecode incorrect ou déjà utilisé. Attendez le code suivant puis réessayez."
)
TOO_MANY_PASSCODES = _(
    "Trop de passecodes incorrects. Pour votre sécurité, réessayez plus tard "
    "ou utilisez un code de secours."
)
ENROLMENT_REQUIRED = _(
    "L'administration demande un passecode OTP. Activez d'abord le passecode OTP sur votre "
    "téléphone : cela prend deux minutes."
)
