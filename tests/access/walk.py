"""Walking the project's URL patterns: the routes that take an object's id."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

REFUSED = {403, 404}


@dataclass(frozen=True)
class Route:
    route: str
    name: str


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or "")
        elif isinstance(pattern, URLPattern):
            name = (
                f"{namespace}:{pattern.name}"
                if namespace and pattern.name
                else (pattern.name or "")
            )
            yield Route(prefix + str(pattern.pattern), name), pattern


def _takes_an_argument(pattern: URLPattern) -> bool:
    # path() converters (int, slug, str, uuid, path) or named/unnamed groups of re_path().
    return bool(getattr(pattern.pattern, "converters", None)) or bool(pattern.pattern.regex.groups)


def object_routes() -> dict[str, Route]:
    found = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.route.startswith("admin/") or not _takes_an_argument(pattern):
            continue
        found[route.name or route.route] = route
    return found


def admin_extra_routes() -> dict[str, Route]:
    """Admin URLs with an argument that are not the standard change/delete/history pages."""
    found = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.route.startswith("admin/") or not _takes_an_argument(pattern):
            continue
        if (
            route.name.endswith(("_change", "_delete", "_history"))
            and route.name != "admin:password_change"
            and not route.name.endswith("_password_change")
        ):
            continue  # covered by the ModelAdmin walk below
        if route.name in ("", "admin:"):
            continue  # Django's redirect of <object_id>/ to its change page, and the catch-all 404
        found[route.name] = route
    return found


# Not object pages: each with the reason it needs no ownership check.
