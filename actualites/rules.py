"""Who writes, validates and manages news, from ``accounts.school``:

* every current staff member of an establishment (teachers, ``EDU``, ``DOC``, administration…)
  and its secretariat (staff accounts of the admin) write news for that establishment;
* the direction (``DIR``) publishes directly and validates or refuses the others' news;
* an author edits and deletes their own news; the direction any news of its establishment.
"""

from __future__ import annotations

from accounts.models import User
from accounts.school import SchoolRole

from .models import News


def writer_establishment_id(role: SchoolRole, user: User) -> int | None:
    """The establishment ``user`` writes news for, or ``None`` (families, people of no school)."""
    if role.is_family:
        return None
    if role.is_staff_member:
        return role.establishment_id
    if user.is_active and user.is_staff and user.establishment_id:
        return user.establishment_id
    return None


def publishes_directly(role: SchoolRole) -> bool:
    return role.is_direction


def may_validate(role: SchoolRole, news: News) -> bool:
    return role.is_direction and role.establishment_id == news.establishment_id


def may_manage(role: SchoolRole, user: User, news: News) -> bool:
    """Edit or delete: the author (still writing for that school) or its direction."""
    if may_validate(role, news):
        return True
    return news.author_id == user.pk and writer_establishment_id(role, user) == (
        news.establishment_id
    )
