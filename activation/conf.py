"""Settings of the activation app, with their defaults (override them in config/settings)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings

LETTER_VALIDITY_MONTHS = 3
TEMP_PASSWORD_LENGTH = 8
# Upper-case letters and digits without look-alikes: no 0/O, 1/I/L.
TEMP_PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet

FIRST_CONNECTION_MAX_TRIES = 5
FIRST_CONNECTION_LOCK = datetime.timedelta(minutes=15)
# The lock that reaches this number on one letter lasts until the school unblocks or reissues it.
FIRST_CONNECTION_MAX_LOCKS = 3

EMAIL_CONFIRMATION_VALIDITY = datetime.timedelta(days=7)
EMAIL_RESEND_MIN_INTERVAL = datetime.timedelta(seconds=60)
EMAIL_RESEND_MAX_PER_HOUR = 5

# SMS codes (account creation here, password recovery in the recovery app).
SMS_CODE_LENGTH = 6
SMS_CODE_VALIDITY = datetime.timedelta(minutes=10)
SMS_CODE_MAX_TRIES = 3
# Used or expired codes are kept a day, so the audit trail and support can still see recent tries.
SMS_CODE_KEEP = datetime.timedelta(days=1)

# Children whose birth dates the parent types when creating an account by SMS.
CREATION_MAX_CHILDREN = 6


def letters_dir() -> Path:
    """Where batch PDFs live: outside MEDIA_ROOT, never served directly."""
    default = Path(settings.BASE_DIR) / "var" / "private" / "letters"
    return Path(getattr(settings, "ACTIVATION_LETTERS_DIR", default))


def pdf_retention() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "ACTIVATION_LETTER_PDF_HOURS", 24))


def hash_workers() -> int:
    return int(getattr(settings, "ACTIVATION_HASH_WORKERS", 2))


def activation_from_email() -> str:
    """The sender of "Message des services en ligne - Activation de votre compte"."""
    return str(getattr(settings, "ACTIVATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL))


def services_url() -> str:
    """Where a family goes once its account is active ("ACCÉDER AUX SERVICES")."""
    return str(settings.LOGIN_REDIRECT_URL)


def franceconnect_provider_id() -> str:
    return str(settings.FRANCECONNECT_PROVIDER_ID)


def logout_redirect_url() -> str:
    """Where logging out leads (FranceConnect's post_logout_redirect_uri, made absolute)."""
    return str(settings.LOGOUT_REDIRECT_URL)


def secret_key() -> str:
    return str(settings.SECRET_KEY)


def franceconnect_apps() -> list[dict]:
    return list(settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []))
