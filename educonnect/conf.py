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


def sms_sender_name() -> str:
    return getattr(settings, "SMS_SENDER_NAME", "EduConnect")
