"""What a view needs to know about the request beyond Django's own helpers."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address rate limits, locks and the audit trail are keyed on."""
    return request.META.get("REMOTE_ADDR") or None
