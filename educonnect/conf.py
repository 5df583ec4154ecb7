"""Settings of the educonnect app, with their defaults (override them in config/settings)."""

from __future__ import annotations

import datetime

from django.conf import settings

SMS_CODE_LENGTH = 6
SMS_CODE_VALIDITY = datetime.timedelta(minutes=10)
SMS_CODE_MAX_TRIES = 3

PASSWORD_RESET_VALIDITY = datetime.timedelta(hours=1)

# Children whose birth dates the parent types when creating an account by SMS.
CREATION_MAX_CHILDREN = 6


def limit(name: str) -> int:
    """Rate limits, e.g. ``EDUCONNECT_LIMITS = {"sms_per_number_hour": 3}`` in the settings."""
    return int({**DEFAULT_LIMITS, **getattr(settings, "EDUCONNECT_LIMITS", {})}[name])


DEFAULT_LIMITS = {
    # SMS toll-fraud protection: every SMS we pay for is counted per number, per IP and per day.
    "sms_per_number_hour": 3,
    "sms_per_number_day": 5,
    "sms_per_ip_hour": 10,
    "sms_per_ip_day": 20,
    "sms_global_day": 2000,
    # Recovery and creation forms, per IP (whatever the result, so the limit reveals nothing).
    "requests_per_ip_hour": 30,
    # Recovery mails per address or identifier.
    "mail_per_target_hour": 3,
    # Pupils' emergency access requests.
    "emergency_per_ip_hour": 5,
    "emergency_per_ip_day": 10,
}


def sms_sender_name() -> str:
    return getattr(settings, "SMS_SENDER_NAME", "EduConnect")
