"""allauth.mfa customisation: encrypted secrets, TOTP for staff profiles only, French labels."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from accounts.models import User

from . import crypto

STAFF_PROFILES = frozenset(set(User.Profile.values) - set(User.EDUCONNECT_PROFILES))


def may_use_totp(user) -> bool:
    """Passecode OTP: teachers, staff, regional staff and others; never pupils or parents."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.profile in STAFF_PROFILES
    )


class StaffMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "Code incorrect. Saisissez le code à 6 chiffres affiché par l'application.",
        "cannot_delete_authenticator": "Vous ne pouvez pas désactiver le passecode OTP.",
        "unverified_email": "Le passecode OTP n'est pas disponible pour ce compte.",
        "not_staff": "Le passecode OTP est réservé aux personnels de l'établissement.",
    }

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def get_totp_issuer(self) -> str:
        return settings.CARTABLE_PORTAL_NAME

    def get_totp_label(self, user) -> str:
        # The identifier, never the e-mail: it is what staff type on the login form.
        return user.username
