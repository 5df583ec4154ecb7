"""Per-user caching of whole pages, for the pages every user opens most ("Mes applications", the
first page of a mailbox folder).

A cached page is keyed on everything it shows: the user's own fields, plus versions the caller
passes (catalogue, roster, date). The CSRF token is the one per-request part: pages are rendered
with a placeholder that is swapped for the request's token when served.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

CSRF_PLACEHOLDER = "cartable-csrf-token-placeholder"
PAGE_TIMEOUT = 5 * 60


def user_page_key(name: str, user: Any, *versions: object) -> str:
    shown = (
        user.pk,
        user.username,
        user.first_name,
        user.last_name,
        user.profile,
        user.state,
        user.establishment_id,
        user.accepted_charter_version,
        *versions,
    )
    digest = hashlib.sha256("\x1f".join(map(str, shown)).encode()).hexdigest()[:32]
    return f"page:{name}:{user.pk}:{digest}"


def can_serve_cached(request: HttpRequest) -> bool:
    # Flash messages are shown once: a page that carries them is never cached nor served cached.
    return len(get_messages(request)) == 0


def render_user_page(
    request: HttpRequest, *, key: str, template: str, context: Callable[[], dict[str, Any]]
) -> HttpResponse:
    """Serves the cached page for ``key``, rendering it (``context()`` only then) on a miss."""
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        cache.set(key, html, PAGE_TIMEOUT)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
