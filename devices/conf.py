"""Settings of the paired devices, with their defaults (the only place that reads them)."""

from __future__ import annotations

import datetime

from django.conf import settings

# A pairing (QR code + the code the user chose) lives 10 minutes, serves once, and dies after
# 3 wrong codes: Pronote's gesture for its mobile app.
PAIRING_LIFETIME = datetime.timedelta(minutes=10)
PAIRING_MAX_ATTEMPTS = 3
PAIRING_CODE_LENGTH = 4
# The one-time token of the link: 20 symbols of 31 (≈ 99 bits, from ``secrets``), upper case
# without look-alikes so that it can be typed on a phone that cannot scan the QR code.
PAIRING_TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet
PAIRING_TOKEN_LENGTH = 20

# "Last use" is written at most this often (and the session's expiry pushed back with it).
TOUCH_INTERVAL = datetime.timedelta(minutes=10)
# Rows the daily sweep keeps: pairings a day after their expiry, devices 30 days after their end
# (the "recently disconnected" list of Mes appareils shows them).
PAIRING_KEPT = datetime.timedelta(days=1)
ENDED_DEVICE_KEPT = datetime.timedelta(days=30)


def device_idle_lifetime() -> datetime.timedelta:
    """A device session unused this long ends (the phone must be paired again)."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_DEVICE_IDLE_DAYS", 90)))


def device_max_lifetime() -> datetime.timedelta:
    """However often it is used, a device session ends this long after its pairing."""
    return datetime.timedelta(days=int(getattr(settings, "CARTABLE_DEVICE_MAX_DAYS", 365)))


def session_cookie_name() -> str:
    return str(settings.SESSION_COOKIE_NAME)
