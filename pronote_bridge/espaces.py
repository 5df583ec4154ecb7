"""Which Pronote espace a user opens, and its addresses.

Pronote publishes one web espace per kind of user under the base address of the establishment's
Pronote (``https://<uai>.index-education.net/pronote/``): ``parent.html`` (Espace Parents),
``eleve.html`` (Espace Élèves), ``professeur.html`` (Espace Professeurs), ``viescolaire.html``
(Espace Vie scolaire, for the other staff) and ``direction.html`` (Espace Direction). Each has a
mobile page, ``mobile.<espace>.html``, the address the official PRONOTE app is configured with
(docs/pronote.md says where these come from).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from accounts.models import StaffMember, User
from accounts.school import SchoolRole


@dataclass(frozen=True)
class Espace:
    page: str  # e.g. "parent.html"
    label: str  # French, e.g. "Espace Parents"

    @property
    def mobile_page(self) -> str:
        return f"mobile.{self.page}"


PARENT = Espace("parent.html", "Espace Parents")
ELEVE = Espace("eleve.html", "Espace Élèves")
PROFESSEUR = Espace("professeur.html", "Espace Professeurs")
VIE_SCOLAIRE = Espace("viescolaire.html", "Espace Vie scolaire")
DIRECTION = Espace("direction.html", "Espace Direction")

# The profiles Pronote has an espace for (those the CAS service is open to).
PROFILES = [
    User.Profile.ELEVE,
    User.Profile.PARENT,
    User.Profile.ENSEIGNANT,
    User.Profile.PERSONNEL,
]


def espace_for(role: SchoolRole) -> Espace | None:
    """The espace of ``role``; ``None`` for profiles without one (Région, autres)."""
    if role.profile == User.Profile.PARENT:
        return PARENT
    if role.profile == User.Profile.ELEVE:
        return ELEVE
    if role.profile == User.Profile.ENSEIGNANT:
        return PROFESSEUR
    if role.profile == User.Profile.PERSONNEL:
        if role.function == StaffMember.Function.MANAGEMENT:
            return DIRECTION
        if role.function == StaffMember.Function.TEACHER:
            return PROFESSEUR
        return VIE_SCOLAIRE
    return None


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def espace_url(base_url: str, espace: Espace) -> str:
    return urljoin(with_slash(base_url), espace.page)


def mobile_url(base_url: str, mobile_base_url: str, espace: Espace) -> str:
    return urljoin(with_slash(mobile_base_url or base_url), espace.mobile_page)
