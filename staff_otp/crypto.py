"""Encryption at rest of the TOTP secrets and recovery-code seeds allauth.mfa stores.

Fernet (AES-128-CBC + HMAC-SHA256) with a key derived by HKDF-SHA256 from ``CARTABLE_OTP_KEY``,
or from ``SECRET_KEY`` when that is unset. Rotating the key makes existing authenticators
unreadable: staff then enrol again (see docs/authentication.md).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import conf

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"cartable.staff_otp.totp-secret"
    ).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _current() -> Fernet:
    return _fernet(conf.otp_key_material())


def encrypt(text: str) -> str:
    return PREFIX + _current().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("Secret TOTP non chiffré : refusé.")
    try:
        return _current().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Secret TOTP illisible avec la clé actuelle (CARTABLE_OTP_KEY).") from exc
