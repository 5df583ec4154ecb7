"""Settings of the outbox, with their defaults (override them in config/settings)."""

from __future__ import annotations

import datetime

from django.conf import settings

OUTBOX_MAX_ATTEMPTS = 12
OUTBOX_MAX_BACKOFF = datetime.timedelta(hours=1)
# A message claimed for longer than this is considered abandoned by a dead worker. Releasing a
# claim too early costs one more attempt, never a duplicate: a worker that lost its claim cannot
# hand the mail over (services.outbox_deliver). Well above EMAIL_TIMEOUT × the SMTP round trips.
OUTBOX_STALE_CLAIM = datetime.timedelta(minutes=2)
OUTBOX_KEEP_SENT = datetime.timedelta(days=30)
OUTBOX_KEEP_FAILED = datetime.timedelta(days=30)

DEFAULT_SMS_BACKEND = "outbox.sms.backends.console.SmsBackend"
# Deployments configured before the outbox was its own app name the backends by their old path.
_LEGACY_SMS_PREFIX = "educonnect.sms.backends."


DJANGO_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mail_backend() -> str:
    """Django's SMTP backend becomes the outbox's, which records the hand-over (outbox.mail)."""
    path = str(settings.EMAIL_BACKEND)
    return "outbox.mail.EmailBackend" if path == DJANGO_SMTP_BACKEND else path


def default_from_email() -> str:
    return str(settings.DEFAULT_FROM_EMAIL)


def sms_backend() -> str:
    path = str(getattr(settings, "SMS_BACKEND", "") or DEFAULT_SMS_BACKEND)
    if path.startswith(_LEGACY_SMS_PREFIX):
        path = "outbox.sms.backends." + path.removeprefix(_LEGACY_SMS_PREFIX)
    return path


def sms_sender_name() -> str:
    return str(getattr(settings, "SMS_SENDER_NAME", "EduConnect"))


def sms_http_url() -> str:
    return str(getattr(settings, "SMS_HTTP_URL", ""))


def sms_http_token() -> str:
    return str(getattr(settings, "SMS_HTTP_TOKEN", ""))


def sms_http_timeout() -> float:
    return float(getattr(settings, "SMS_HTTP_TIMEOUT", 10))
