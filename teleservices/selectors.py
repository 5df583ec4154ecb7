"""Reads of the Scolarité services space: the children a family sees, each page in a fixed number
of queries whatever the number of children."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Pupil
from accounts.school import SchoolRole

# What the space shows of a child and of their school (menu, switcher, contact block).
_CHILD_FIELDS = (
    "first_name",
    "last_name",
    "usage_name",
    "birth_date",
    "account_id",
    "establishment_id",
    "division_id",
    "division__code",
    "division__level",
    "establishment__uai",
    "establishment__name",
    "establishment__school_year",
    "establishment__vie_scolaire_phone",
    "establishment__vie_scolaire_fax",
    "establishment__vie_scolaire_email",
)


def family_children(role: SchoolRole) -> list[Pupil]:
    """The current pupils ``role`` sees as family (a guardian's children, a pupil themself), with
    their class and school: one query."""
    if not role.family_pupil_ids:
        return []
    return list(
        Pupil.objects.current()
        .filter(pk__in=role.family_pupil_ids)
        .select_related("division", "establishment")
        .only(*_CHILD_FIELDS)
        .order_by("first_name", "last_name", "pk")
    )


def family_child(children: list[Pupil], pupil_id: int) -> Pupil:
    """The child ``pupil_id`` among ``children``; 404 for anybody else's child."""
    for child in children:
        if child.pk == pupil_id:
            return child
    raise Http404("Élève inconnu.")
