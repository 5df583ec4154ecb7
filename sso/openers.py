"""Catalogue tiles that open a page of another app before the CAS login.

``sso:open`` sends a single sign-on tile to ``/cas/login?service=…`` with the service's address.
Some applications open a different address per user (Pronote: one espace per profile, the
user's establishment's own Pronote): their app registers, from its ``AppConfig.ready``, the name
of its own page for the tile's slug (``pronote_bridge`` registers ``"pronote"``), and the tile
goes there; that page ends at ``/cas/login`` itself.
"""

from __future__ import annotations

_PAGES: dict[str, str] = {}


def register_application_page(application_slug: str, url_name: str) -> None:
    """The tile ``application_slug`` opens the page ``url_name`` (a URL name without argument)."""
    _PAGES[application_slug] = url_name


def application_page(application_slug: str) -> str | None:
    return _PAGES.get(application_slug)
