"""Who writes the establishment's events, from ``accounts.school``:

* the direction (``DIR``) and the vie scolaire (``EDU``: CPE, assistants d'éducation) of an
  establishment write, edit and delete its events directly (no validation step);
* its secretariat does the same in the admin, limited to its establishment;
* teachers and everybody else write personal events only (their own agenda). A teacher who
  wants an event for a class asks the vie scolaire or the direction, who publish it for that
  class: the agenda of a whole class is the school's word, like a validated news.
"""

from __future__ import annotations

from accounts.school import SchoolRole

from .models import SchoolEvent


def writer_establishment_id(role: SchoolRole) -> int | None:
    """The establishment whose events ``role`` writes, or ``None``."""
    return role.establishment_id if role.manages_vie_scolaire else None


def may_manage(role: SchoolRole, event: SchoolEvent) -> bool:
    return role.manages_vie_scolaire and role.establishment_id == event.establishment_id
