"""Single-use link tokens: the mail carries the token, the database keeps only its SHA-256 digest.

The token is drawn with ``secrets`` (256 bits); a stolen database row cannot be turned back into a
working link, and a lookup is an exact match on the digest column.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    """Hex SHA-256 of a token, as stored in the ``token_hash`` columns (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and its digest: ``(token, digest)``."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)
