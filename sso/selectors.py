"""Reads of the CAS server: which registered service a ``service`` URL belongs to."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .matching import prefix_matches, service_parts
from .models import RegisteredService


def _services_open_to(establishment_ids: Iterable[int] | None) -> QuerySet[RegisteredService]:
    """Active services of these establishments and those of every establishment; ``None``: all."""
    services = RegisteredService.objects.filter(is_active=True)
    if establishment_ids is None:
        return services
    return services.filter(
        Q(establishment__isnull=True) | Q(establishment_id__in=list(establishment_ids))
    )


def _best_match(
    services: Iterable[RegisteredService], service_url: str
) -> RegisteredService | None:
    target = service_parts(service_url)
    if target is None:
        return None
    best: tuple[int, int, RegisteredService] | None = None
    for service in services:
        prefix = service_parts(service.url)
        length = prefix_matches(target, prefix) if prefix is not None else None
        if length is None:
            continue
        # The longest prefix wins; at equal length an establishment's own service beats the
        # académie's.
        rank = (length, 1 if service.establishment_id else 0)
        if best is None or rank > best[:2]:
            best = (*rank, service)
    return best[2] if best else None


def registered_service_for(
    *, service_url: str, establishment_ids: Iterable[int] | None
) -> RegisteredService | None:
    """The registered service ``service_url`` belongs to, among those open to the user's
    establishments (one query; a handful of rows per establishment)."""
    if service_parts(service_url) is None:
        return None
    return _best_match(_services_open_to(establishment_ids), service_url)


def logout_redirect_allowed(service_url: str) -> bool:
    """``/cas/logout?service=…`` only sends people back to a registered service."""
    if service_parts(service_url) is None:
        return False
    return _best_match(_services_open_to(None), service_url) is not None


def service_for_application(
    *, application_slug: str, establishment_ids: Iterable[int]
) -> RegisteredService | None:
    """The registered service a catalogue tile opens for the user: their establishment's own
    first, else the académie's."""
    services = list(
        _services_open_to(establishment_ids)
        .filter(application__slug=application_slug)
        .order_by("establishment_id", "pk")
    )
    own = [service for service in services if service.establishment_id is not None]
    candidates = own or services
    return candidates[0] if candidates else None
