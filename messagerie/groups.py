"""The groups a sender may address ("Parents de 4 B", "Professeurs de 4 B", "Vie scolaire"…),
from the roster and the STS teaching services, resolved to accounts at sending time.

Two kinds:

* **service** groups, "Vie scolaire" (the ``EDU`` staff) and "Direction" (``DIR``): the school's
  desks, open to whoever may write to the staff (a parent writes to the vie scolaire);
* **mass** groups (the parents, pupils or teachers of a class, of a level, of the school; all the
  staff): reserved to the direction and the vie scolaire (and to teachers for their own classes
  when the school allows it), and always sent after a confirmation showing how many people they
  reach.

A key names a group without trusting it: ``groups_for(reach)`` lists the groups the sender may
address, and a posted key outside that list is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Division, StaffMember, TeachingService

from .rules import (
    Reach,
    function_q,
    guardians_q,
    is_staff_sender,
    pupils_q,
    school_pupils,
    staff_q,
    teachers_q,
)

SERVICE = "service"
MASS = "mass"


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    kind: str
    members: Q  # a Q on accounts

    @property
    def is_mass(self) -> bool:
        return self.kind == MASS


def _service_groups(establishment_id: int) -> list[Group]:
    return [
        Group(
            f"vie-scolaire:{establishment_id}",
            "Vie scolaire",
            SERVICE,
            function_q(establishment_id, [StaffMember.Function.EDUCATION]),
        ),
        Group(
            f"direction:{establishment_id}",
            "Direction",
            SERVICE,
            function_q(establishment_id, [StaffMember.Function.MANAGEMENT]),
        ),
    ]


def _class_groups(division_id: int, code: str, establishment_id: int) -> list[Group]:
    pupils = school_pupils(establishment_id).filter(division_id=division_id)
    teachers = teachers_q(pupils) | Q(
        pk__in=TeachingService.objects.active()
        .filter(division_id=division_id, teacher__left_on__isnull=True)
        .values("teacher__account_id")
    )
    return [
        Group(f"parents-classe:{division_id}", f"Parents de {code}", MASS, guardians_q(pupils)),
        Group(f"eleves-classe:{division_id}", f"Élèves de {code}", MASS, pupils_q(pupils)),
        Group(f"profs-classe:{division_id}", f"Professeurs de {code}", MASS, teachers),
    ]


def _school_groups(establishment_id: int, levels: list[tuple[str, str]]) -> list[Group]:
    pupils = school_pupils(establishment_id)
    teachers = function_q(establishment_id, [StaffMember.Function.TEACHER]) | Q(
        pk__in=TeachingService.objects.active()
        .filter(establishment_id=establishment_id, teacher__left_on__isnull=True)
        .values("teacher__account_id")
    )
    groups = [
        Group(f"parents:{establishment_id}", "Tous les parents", MASS, guardians_q(pupils)),
        Group(f"eleves:{establishment_id}", "Tous les élèves", MASS, pupils_q(pupils)),
        Group(f"profs:{establishment_id}", "Tous les professeurs", MASS, teachers),
        Group(
            f"personnels:{establishment_id}", "Tous les personnels", MASS, staff_q(establishment_id)
        ),
    ]
    for level, label in levels:
        groups.append(
            Group(
                f"parents-niveau:{establishment_id}:{level}",
                f"Parents des élèves de {label}",
                MASS,
                guardians_q(pupils.filter(division__level=level)),
            )
        )
    return groups


def may_address_groups(reach: Reach) -> bool:
    role = reach.role
    if role.manages_vie_scolaire:
        return True
    if role.is_teacher and role.establishment_id is not None:
        return reach.rules[role.establishment_id].teachers_to_class_groups
    return False


def groups_for(reach: Reach) -> dict[str, Group]:
    """The groups ``reach``'s sender may address, by key: no query for families and most staff,
    one (the classes) for the direction, the vie scolaire and teachers allowed class groups."""
    role = reach.role
    found: list[Group] = []
    if role.is_family:
        for establishment_id, rule in reach.rules.items():
            if (role.is_pupil and rule.pupil_to_staff) or (
                role.is_guardian and rule.guardian_to_staff
            ):
                found += _service_groups(establishment_id)
    elif is_staff_sender(role) and role.establishment_id is not None:
        establishment_id = role.establishment_id
        found += _service_groups(establishment_id)
        if may_address_groups(reach):
            divisions = Division.objects.filter(establishment_id=establishment_id)
            if not role.manages_vie_scolaire:
                divisions = divisions.filter(pk__in=role.division_ids)
            rows = list(divisions.order_by("level", "code").values_list("pk", "code", "level"))
            if role.manages_vie_scolaire:
                labels = dict(Division.Level.choices)
                levels = sorted({level for _, _, level in rows if level}, reverse=True)
                found += _school_groups(establishment_id, [(lv, labels[lv]) for lv in levels])
            for pk, code, _ in rows:
                found += _class_groups(pk, code, establishment_id)
    return {group.key: group for group in found}
