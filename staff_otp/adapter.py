"""allauth.mfa customisation: encrypted secrets, TOTP for staff profiles only, French labels."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter

from accounts.models import User
from core import conf as core_conf

from . import crypto, messages

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
        "incorrect_code": messages.INCORRECT_CODE,
        "cannot_delete_authenticator": messages.CANNOT_DEACTIVATE,
        "unverified_email": messages.UNAVAILABLE_FOR_ACCOUNT,
        "not_staff": messages.STAFF_ONLY,
    }

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def get_totp_issuer(self) -> str:
        return core_conf.portal_name()

    def get_totp_label(self, user) -> str:
        # The identifier, never the e-mail: it is what staff type on the login form.
        return user.username
