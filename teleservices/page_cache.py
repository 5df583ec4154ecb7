"""The child pages of the space (ACCUEIL, VIE SCOLAIRE, CAHIER DE TEXTES, NOTES, LIVRET) are
served whole from the per-user page cache (``core.page_cache``), keyed on everything they show:

* the user's own fields (``user_page_key``), the child, the section, the path and query string
  (the week of the cahier), today's date (homework "aujourd'hui / cette semaine", the school
  year of the events);
* the family's children as the access check read them (the switcher) and the roster version
  (names, classes, the establishment's contact block, guardian links);
* the section's own versions, read by ``section_versions``: the cahier de textes (the school's
  séances, travail à faire and visas; the pupil's « Fait » ticks), the vie scolaire (the pupil's
  events and justifications, the school's motives), the school's marks for NOTES
  (``evaluations.versions``), the pupil's bilans for LIVRET (``livret.versions``), and for ACCUEIL and NOTES the visit it belongs to (what is "new"
  is counted from the visit before, the same for the whole visit).

A page is never served from cache across users, nor when flash messages are pending; only the
addresses the pages link to are kept (``cacheable_query``), so made-up query strings cannot fill
the cache."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from accounts.roster_version import roster_version
from accounts.school import SchoolRole
from cahier_de_textes.versions import page_version as cahier_version
from core import page_cache
from evaluations.versions import notes_version
from livret.versions import livret_version
from vie_scolaire.cache import family_page_version

from .services import Visit, section_visit_open

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# ``?semaine=`` further away than this from today is rendered but not kept.
_WEEKS_KEPT_DAYS = 400


def cacheable_query(request: HttpRequest, section: str) -> bool:
    """Whether the page's query string is one the space links to: none, or the cahier's
    ``?semaine=`` with one ISO date within ``_WEEKS_KEPT_DAYS`` of today (NOTES of another
    period than the current one, ``?periode=``, is rendered each time). Any other is rendered
    and not kept: one family cannot fill the cache with made-up addresses."""
    params = request.GET
    if not params:
        return True
    if section != "cahier" or list(params) != ["semaine"] or len(params.getlist("semaine")) != 1:
        return False
    value = params["semaine"]
    if not _ISO_DAY.fullmatch(value):
        return False
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return abs((day - timezone.localdate()).days) <= _WEEKS_KEPT_DAYS


def child_page_key(
    request: HttpRequest, role: SchoolRole, *, pupil_id: int, section: str, versions: tuple
) -> str:
    return page_cache.user_page_key(
        f"teleservices:{section}",
        request.user,
        pupil_id,
        request.get_full_path(),
        timezone.localdate(),
        ",".join(map(str, sorted(role.family_pupil_ids))),
        roster_version(),
        *versions,
    )


def section_versions(
    request: HttpRequest, role: SchoolRole, *, pupil_id: int, section: str
) -> tuple[tuple, dict[str, Any]]:
    """What the section's page is keyed on beyond the common parts, and the state its context
    needs (ACCUEIL's visit, recorded here: once per visit, read on each view)."""
    school_id = role.school_of(pupil_id) or 0
    if section == "cahier":
        return (cahier_version(school_id, pupil_id),), {}
    if section == "vie_scolaire":
        return (family_page_version(pupil_id, school_id),), {}
    if section == "livret":
        return (livret_version(pupil_id),), {}
    if section in ("accueil", "notes"):
        user = request.user
        assert isinstance(user, User)  # the view is login_required
        visit: Visit = section_visit_open(user=user, pupil_id=pupil_id, section=section)
        seen = (visit.since, visit.started_at if visit.first else None)
        if section == "notes":
            return (*seen, notes_version(school_id)), {"visit": visit}
        versions = (
            *seen,
            cahier_version(school_id, pupil_id),
            family_page_version(pupil_id, school_id),
        )
        return versions, {"visit": visit}
    return (), {}
