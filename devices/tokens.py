"""The secrets of a pairing: the link's one-time token and the code the user chose.

The token is drawn with ``secrets`` from the letters' alphabet (no look-alikes, typable on a
phone); the database keeps its SHA-256 (``core.tokens.token_digest``). The code is kept as an
HMAC keyed with the secret key over token + code: without the token (never stored) the database
says nothing of the code, whose 4 characters would otherwise fall to an offline search at once.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

from . import conf, messages


def pairing_code_normalise(code: str) -> str:
    """The code as compared: 4 ASCII letters or digits, case ignored (phones capitalise)."""
    code = (code or "").strip().upper()
    if not code:
        raise ValidationError(messages.CODE_REQUIRED, code="required")
    if len(code) != conf.PAIRING_CODE_LENGTH or not (code.isascii() and code.isalnum()):
        raise ValidationError(messages.CODE_FORMAT, code="format")
    return code


def pairing_token_normalise(token: str) -> str:
    # Typed on a phone, the token may come in lower case.
    return (token or "").strip().upper()


def pairing_code_digest(*, token: str, code: str) -> str:
    return salted_hmac(
        "devices.DevicePairing.code", f"{token}:{code}", algorithm="sha256"
    ).hexdigest()


def pairing_token_new() -> str:
    return "".join(
        secrets.choice(conf.PAIRING_TOKEN_ALPHABET) for _ in range(conf.PAIRING_TOKEN_LENGTH)
    )
