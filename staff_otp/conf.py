"""Settings of staff_otp, with their defaults."""

from __future__ import annotations

from django.conf import settings


def otp_key_material() -> str:
    """What the TOTP secrets' key is derived from: ``CARTABLE_OTP_KEY``, else ``SECRET_KEY``."""
    return str(getattr(settings, "CARTABLE_OTP_KEY", "") or settings.SECRET_KEY)
