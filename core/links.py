"""Absolute links for what leaves the site (mails, letters, SMS, QR codes), and what a link
really points at (URL normalisation for matching services)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from . import conf


def public_url(path: str = "/") -> str:
    """``path`` (starting with /) on the portal's public address."""
    return conf.public_base_url() + path


def public_reverse(view_name: str, *args: Any) -> str:
    return public_url(reverse(view_name, args=args))


DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class NormalisedUrl:
    scheme: str
    host: str
    port: int
    path: str


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, as a browser resolves ``/a/b/../c`` before sending the request."""
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def url_normalise(url: str) -> NormalisedUrl | None:
    """The parts a request to ``url`` really reaches: scheme and host in lower case, the port
    made explicit, dot-segments (also percent-encoded) resolved. ``None`` for what is not a plain
    http(s) URL: credentials in it (``https://good@evil``), an encoded slash or a backslash in
    the path (servers disagree on them), or an invalid port."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    lowered = parts.path.lower()
    if "\\" in parts.path or "%2f" in lowered or "%5c" in lowered:
        return None
    path = re.sub("%2e", ".", parts.path, flags=re.IGNORECASE)
    return NormalisedUrl(
        scheme=scheme,
        host=parts.hostname.rstrip(".").lower(),
        port=port or DEFAULT_PORTS[scheme],
        path=_remove_dot_segments(path or "/"),
    )
