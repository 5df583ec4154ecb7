"""Validators shared by every app."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ValidationError

from . import messages


def validate_public_email(value: str) -> None:
    """An address the portal will mail must name a public domain: Django's ``EmailValidator``
    accepts ``localhost`` and bracketed IP literals, and a typed ``a@[127.0.0.1]`` would make the
    outbox send to a host of our own network. Refused: ``localhost`` (and its subdomains), IP
    literals with or without brackets, a domain without a dot (``a@intranet``).

    The code is ``invalid``, so a field's own "invalid" message is the one shown."""
    domain = str(value or "").rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return  # nothing typed, or no "@": the e-mail field's own validation says so
    bare = domain[1:-1] if domain.startswith("[") and domain.endswith("]") else domain
    try:
        ipaddress.ip_address(bare.removeprefix("ipv6:"))
        is_ip = True
    except ValueError:
        is_ip = False
    if (
        is_ip
        or domain.startswith("[")
        or "." not in domain
        or domain == "localhost"
        or domain.endswith(".localhost")
    ):
        raise ValidationError(messages.EMAIL_NOT_PUBLIC, code="invalid")
