"""Whether a ``service`` URL belongs to a registered service, compared as the browser and the
service's server will read them (``core.links.url_normalise``): scheme and host case, default
ports, dot-segments (also percent-encoded). Look-alikes never match: credentials or ``@`` in the
authority, a backslash anywhere, control characters or spaces, another scheme, host or port, a
path that only starts with the same letters (``/pronote-evil`` for ``/pronote``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from core.links import NormalisedUrl, url_normalise

MAX_SERVICE_LENGTH = 2000


def service_parts(service: str) -> NormalisedUrl | None:
    """The normalised parts of a service URL, ``None`` when it is not one we may redirect to."""
    if not service or len(service) > MAX_SERVICE_LENGTH or "\\" in service:
        return None
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in service):
        return None
    try:
        netloc = urlsplit(service).netloc
    except ValueError:
        return None
    if "@" in netloc:
        return None
    return url_normalise(service)


def prefix_matches(target: NormalisedUrl, prefix: NormalisedUrl) -> int | None:
    """How specific the match of ``target`` under ``prefix`` is (the prefix's path length), or
    ``None`` when it does not match."""
    if (target.scheme, target.host, target.port) != (prefix.scheme, prefix.host, prefix.port):
        return None
    path = prefix.path
    if path.endswith("/"):
        matches = target.path.startswith(path)
    else:
        # "/pronote" must not accept "/pronote-evil"
        matches = target.path == path or target.path.startswith(path + "/")
    return len(path) if matches else None
