"""The identity mode and attribute profile of the "identifiant PRONOTE-ENT" (registered in
``PronoteBridgeConfig.ready`` into ``sso.attributes``).

* identity mode ``pronote_ent``: ``cas:user`` is the account's PRONOTE-ENT identifier in the
  service's establishment; an account not linked yet has none, so gets no ticket (and is told to
  ask the secretariat);
* attribute profile ``pronote_ent``: the "pronote" attributes and ``identifiantPronoteEnt``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sso.attributes import Attributes, register_attribute_profile, register_identity_mode
from sso.releases import release_pronote

from .models import PronoteEntLink

if TYPE_CHECKING:
    from accounts.models import User
    from sso.models import RegisteredService

IDENTITY_MODE = "pronote_ent"
ATTRIBUTE_PROFILE = "pronote_ent"
IDENTIFIER_ATTRIBUTE = "identifiantPronoteEnt"


def pronote_ent_identifier(user: User, service: RegisteredService) -> str | None:
    """One query: the account's identifier in the service's establishment's Pronote."""
    if service.establishment_id is None:
        return None
    return (
        PronoteEntLink.objects.filter(establishment_id=service.establishment_id, user=user)
        .values_list("identifier", flat=True)
        .first()
    )


def release_pronote_ent(user: User, service: RegisteredService) -> Attributes:
    attributes = release_pronote(user, service)
    attributes[IDENTIFIER_ATTRIBUTE] = [pronote_ent_identifier(user, service) or ""]
    return attributes


def register_releases() -> None:
    register_identity_mode(IDENTITY_MODE, "Identifiant PRONOTE-ENT", pronote_ent_identifier)
    register_attribute_profile(
        ATTRIBUTE_PROFILE,
        f"Pronote et identifiant PRONOTE-ENT ({IDENTIFIER_ATTRIBUTE})",
        release_pronote_ent,
    )
