"""Absolute links for what leaves the site (mails, letters, SMS, QR codes)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from . import conf


def public_url(path: str = "/") -> str:
    """``path`` (starting with /) on the portal's public address."""
    return conf.public_base_url() + path


def public_reverse(view_name: str, *args: Any) -> str:
    return public_url(reverse(view_name, args=args))
