"""What a view needs to know about the request beyond Django's own helpers."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse

from . import conf


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address rate limits, locks and the audit trail are keyed on.

    Behind ``CARTABLE_TRUSTED_PROXIES`` reverse proxies (nginx, Traefik…), ``REMOTE_ADDR`` is the
    last proxy's address, shared by every family: the client is then the address the outermost
    trusted proxy saw, i.e. the ``n``-th entry from the right of ``X-Forwarded-For`` (each proxy
    appends the address it received the request from). Entries further left were written by the
    client and are never believed. A request with fewer entries than trusted proxies did not come
    through them: its own address counts.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = conf.trusted_proxies()
    if not proxies:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < proxies:
        return remote
    return _valid_ip(forwarded[-proxies]) or remote


def attachment_response(file: Any, *, filename: str, content_type: str) -> FileResponse:
    """Serves an uploaded file to someone the caller checked may have it: always as a download
    (never rendered in the portal's origin), with the type its content was checked to be, never
    cached by shared caches, and sandboxed should a browser render it anyway."""
    file.open("rb")
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    """A PDF the portal made for someone the caller checked may have it: a download, never
    cached by shared caches, its type never sniffed."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
