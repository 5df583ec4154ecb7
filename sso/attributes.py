"""What the CAS server says about a user to a service: the registry of attribute profiles and
identity modes.

A registered service (``sso.models.RegisteredService``) names one attribute profile (the
``<cas:attributes>`` released) and one identity mode (what ``<cas:user>`` is). Apps register
their own from their ``AppConfig.ready`` — ``sso`` registers "login" and the "default" and
"pronote" profiles (``sso.releases``), ``pronote_bridge`` registers "pronote_ent" — and the
service's fields take their choices from here, so a new mode needs no migration.

* an attribute profile's ``release(user, service)`` returns ``{name: [values]}``; empty values are
  left out of the response;
* an identity mode's ``identify(user, service)`` returns the ``cas:user`` value, or ``None`` when
  the user has no identity for that service (e.g. not yet linked to their Pronote account): then
  no ticket is issued and the user is told why.

Both are called with the ticket's account and the service it was issued for, at validation time
(the service learns the account as it is then); keep them to one or two queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

    from .models import RegisteredService

Attributes = dict[str, list[str]]
ReleaseFunction = Callable[["User", "RegisteredService"], Attributes]
IdentifyFunction = Callable[["User", "RegisteredService"], "str | None"]


@dataclass(frozen=True)
class AttributeProfile:
    key: str
    label: str  # French, shown in the admin
    release: ReleaseFunction


@dataclass(frozen=True)
class IdentityMode:
    key: str
    label: str  # French, shown in the admin
    identify: IdentifyFunction


_ATTRIBUTE_PROFILES: dict[str, AttributeProfile] = {}
_IDENTITY_MODES: dict[str, IdentityMode] = {}


def register_attribute_profile(key: str, label: str, release: ReleaseFunction) -> None:
    """Registers (or replaces) the attribute profile ``key``."""
    _ATTRIBUTE_PROFILES[key] = AttributeProfile(key=key, label=label, release=release)


def register_identity_mode(key: str, label: str, identify: IdentifyFunction) -> None:
    """Registers (or replaces) the identity mode ``key``."""
    _IDENTITY_MODES[key] = IdentityMode(key=key, label=label, identify=identify)


def attribute_profile(key: str) -> AttributeProfile | None:
    return _ATTRIBUTE_PROFILES.get(key)


def identity_mode(key: str) -> IdentityMode | None:
    return _IDENTITY_MODES.get(key)


def attribute_profile_choices() -> list[tuple[str, str]]:
    """The choices of ``RegisteredService.attribute_profile`` (a callable: no migration)."""
    return [(p.key, p.label) for p in _ATTRIBUTE_PROFILES.values()]


def identity_mode_choices() -> list[tuple[str, str]]:
    """The choices of ``RegisteredService.identity_mode`` (a callable: no migration)."""
    return [(m.key, m.label) for m in _IDENTITY_MODES.values()]


def released_attributes(user: User, service: RegisteredService) -> Attributes:
    """The service's attribute profile applied to ``user``, without empty values; an unknown
    profile (its app removed) releases nothing."""
    profile = attribute_profile(service.attribute_profile)
    if profile is None:
        return {}
    attributes = profile.release(user, service)
    return {
        name: [value for value in values if value]
        for name, values in attributes.items()
        if any(values)
    }


def identity_of(user: User, service: RegisteredService) -> str | None:
    """``cas:user`` for ``user`` at ``service``; ``None``: no identity there (no ticket)."""
    mode = identity_mode(service.identity_mode)
    if mode is None:
        return None
    return mode.identify(user, service)
