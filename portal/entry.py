"""The two steps of the "Services en ligne" page: establishment type, then profile."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

ESTABLISHMENT_TYPES = {"EN": "Éducation nationale", "AGRI": "Agricole"}
DEFAULT_ESTABLISHMENT_TYPE = "EN"


@dataclass(frozen=True)
class EntryProfile:
    key: str
    label: str
    login_url_name: str


ENTRY_PROFILES = (
    EntryProfile("eleve-parent", "ÉLÈVE OU PARENT D'ÉLÈVE", "portal:login_educonnect"),
    EntryProfile("enseignant", "ENSEIGNANT", "portal:login_academic"),
    EntryProfile("personnel", "PERSONNEL NON-ENSEIGNANT", "portal:login_academic"),
    EntryProfile("region", "PERSONNELS DE LA RÉGION", "portal:login_academic"),
    EntryProfile("autres", "AUTRES", "portal:login_academic"),
)
ENTRY_PROFILES_BY_KEY = {profile.key: profile for profile in ENTRY_PROFILES}


def establishment_type_from(value: str | None) -> str:
    return value if value in ESTABLISHMENT_TYPES else DEFAULT_ESTABLISHMENT_TYPE


def safe_next(request, value: str | None) -> str:
    """``value`` when it is a local address, "" otherwise (never an open redirect)."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def login_url_for(*, profile: EntryProfile, establishment_type: str, next_url: str) -> str:
    query = {"type": establishment_type, "profil": profile.key}
    if next_url:
        query["next"] = next_url
    return f"{reverse(profile.login_url_name)}?{urlencode(query)}"
