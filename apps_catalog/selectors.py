"""Reads of the catalogue: the tiles a profile sees, cached per catalogue version."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse

from core.text import fold

from .models import CATALOG_VERSION, Application, ApplicationAudience, Category

# Every change to the catalogue bumps the version, so stale lists are never read; the timeout only
# bounds how long an orphaned list stays in the cache.
TILES_CACHE_TIMEOUT = 60 * 60

Tile = dict[str, Any]
TileGroup = dict[str, Any]


def catalog_version() -> int:
    return CATALOG_VERSION.get()


def _tile(application: Application) -> Tile:
    opens_with = application.opens_with
    if opens_with == Application.OpensWith.SSO:
        href = reverse("sso:open", kwargs={"slug": application.slug})
    elif opens_with == Application.OpensWith.INTERNAL:
        parts = urlsplit(application.url)
        href = parts.path + (f"?{parts.query}" if parts.query else "")
    else:
        href = application.url
    description = getattr(application, "profile_description", "") or application.description
    return {
        "slug": application.slug,
        "name": application.name,
        "description": description,
        "icon": application.icon,
        "opens_with": opens_with,
        "url": application.url,
        "href": href,
        "new_window": opens_with != Application.OpensWith.INTERNAL,
        "search_text": fold(f"{application.name} {description}"),
    }


def _build_tile_groups(profile: str) -> list[TileGroup]:
    applications = (
        Application.objects.filter(is_active=True, audiences__profile=profile)
        .annotate(
            profile_description=Subquery(
                ApplicationAudience.objects.filter(
                    application=OuterRef("pk"), profile=profile
                ).values("description")[:1]
            )
        )
        .order_by("order", "name")
        .distinct()
    )
    categories = Category.objects.prefetch_related(
        Prefetch("applications", queryset=applications, to_attr="visible_applications")
    ).order_by("order", "name")
    return [
        {"name": category.name, "tiles": [_tile(app) for app in category.visible_applications]}
        for category in categories
        if category.visible_applications
    ]


def application_tiles_for_profile(*, profile: str) -> list[TileGroup]:
    """The tiles ``profile`` may see, grouped by category: two queries on a cache miss, none after."""
    key = f"apps_catalog:tiles:v{catalog_version()}:{profile}"
    groups = cache.get(key)
    if groups is None:
        groups = _build_tile_groups(profile)
        cache.set(key, groups, TILES_CACHE_TIMEOUT)
    return groups


def tile_groups_search(groups: list[TileGroup], query: str) -> list[TileGroup]:
    """Keeps the tiles whose name or description contains every word of ``query`` (accents and
    case ignored)."""
    words = fold(query).split()
    if not words:
        return groups
    result = []
    for group in groups:
        tiles = [
            tile for tile in group["tiles"] if all(word in tile["search_text"] for word in words)
        ]
        if tiles:
            result.append({**group, "tiles": tiles})
    return result


def application_tile_for_profile(*, slug: str, profile: str) -> Tile | None:
    for group in application_tiles_for_profile(profile=profile):
        for tile in group["tiles"]:
            if tile["slug"] == slug:
                return tile
    return None
