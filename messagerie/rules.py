"""Who may write to whom: the one place that decides it, for the mail's picker, the server's check
on send and, later, the annuaire (which lists exactly the people a user may write to).

Built on ``accounts.school``: ``reach(role)`` reads the establishment's ``CommunicationRules``
(1 query; the defaults when the direction never edited them) and returns a ``Reach`` holding a
``Q`` on accounts. Every relation is a subquery, so asking "which of these ids may I write to?"
or "who matches 'mar'?" is one SQL query whatever the size of the school:

* teachers and staff → every staff member of their establishment, and (``staff_to_families``)
  its pupils and guardians;
* a pupil → the teachers of their class and groups, the other staff, their own guardians
  (classmates only if the school allows it);
* a guardian → the teachers of their children's classes and groups, the other staff, their own
  children (other guardians of those classes only if the school allows it), per child's school;
* groups (``messagerie.groups``) are addressable only by the direction and the vie scolaire
  (and teachers for their own classes when the school allows it).

Nobody writes to themself, nor to an account that is closed, expired or deactivated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Q, QuerySet

from accounts.models import GuardianLink, Pupil, StaffMember, TeachingService, User
from accounts.school import SchoolRole

from .models import CommunicationRules

REACHABLE_STATES = (User.State.PROVISIONAL, User.State.AWAITING_EMAIL, User.State.ACTIVE)
# Accounts of an establishment's staff that the STS export does not list (the secretariat).
STAFF_PROFILES = (User.Profile.ENSEIGNANT, User.Profile.PERSONNEL)


@dataclass(frozen=True)
class Rules:
    """One establishment's rule set (the model's fields, or their defaults)."""

    staff_to_families: bool = True
    pupil_to_teachers: bool = True
    pupil_to_staff: bool = True
    pupil_to_guardians: bool = True
    pupil_to_classmates: bool = False
    guardian_to_teachers: bool = True
    guardian_to_staff: bool = True
    guardian_to_children: bool = True
    guardian_to_class_guardians: bool = False
    teachers_to_class_groups: bool = False


RULE_FIELDS = tuple(f.name for f in fields(Rules))
DEFAULT_RULES = Rules()


def rules_for(establishment_ids: Iterable[int]) -> dict[int, Rules]:
    """The rule set of each establishment: one query."""
    ids = set(establishment_ids)
    found = {
        row["establishment_id"]: Rules(**{name: row[name] for name in RULE_FIELDS})
        for row in CommunicationRules.objects.filter(establishment_id__in=ids).values(
            "establishment_id", *RULE_FIELDS
        )
    }
    return {pk: found.get(pk, DEFAULT_RULES) for pk in ids}


# --- who is who, as subqueries of account ids -----------------------------------------------


def reachable_accounts_q() -> Q:
    return Q(is_active=True, state__in=REACHABLE_STATES)


def staff_q(establishment_id: int, *, teachers: bool = True) -> Q:
    members = StaffMember.objects.filter(
        establishment_id=establishment_id, left_on__isnull=True, account__isnull=False
    )
    if not teachers:
        members = members.exclude(function=StaffMember.Function.TEACHER)
    q = Q(pk__in=members.values("account_id"))
    # The secretariat's own accounts, which no STS export lists.
    return q | Q(
        establishment_id=establishment_id,
        profile=User.Profile.PERSONNEL,
        is_staff=True,
    )


def function_q(establishment_id: int, functions: Iterable[str]) -> Q:
    return Q(
        pk__in=StaffMember.objects.filter(
            establishment_id=establishment_id,
            left_on__isnull=True,
            function__in=list(functions),
            account__isnull=False,
        ).values("account_id")
    )


def pupils_q(pupils: QuerySet[Pupil]) -> Q:
    return Q(pk__in=pupils.filter(account__isnull=False).values("account_id"))


def guardians_q(pupils: QuerySet[Pupil]) -> Q:
    links = (
        GuardianLink.objects.legal()
        .filter(pupil__in=pupils.values("pk"), guardian__account__isnull=False)
        .values("guardian__account_id")
    )
    return Q(pk__in=links)


def teachers_q(pupils: QuerySet[Pupil]) -> Q:
    """The teachers of these pupils' classes and groups (active services, present teachers)."""
    ids = pupils.values("pk")
    services = TeachingService.objects.active().filter(
        Q(division__pupils__in=ids) | Q(group__pupils__in=ids),
        teacher__left_on__isnull=True,
        teacher__account__isnull=False,
    )
    return Q(pk__in=services.values("teacher__account_id"))


def school_pupils(establishment_id: int) -> QuerySet[Pupil]:
    return Pupil.objects.current().filter(establishment_id=establishment_id)


def is_staff_sender(role: SchoolRole) -> bool:
    return role.is_staff_member or (
        role.profile in STAFF_PROFILES and role.establishment_id is not None
    )


# --- what a sender reaches --------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    role: SchoolRole
    people: Q  # the accounts the sender may write to, one by one
    rules: dict[int, Rules]

    @property
    def nobody(self) -> bool:
        return self.role.user_id is None

    def accounts(self) -> QuerySet[User]:
        """The accounts the sender may write to (the picker's and the annuaire's source)."""
        user_id = self.role.user_id
        if user_id is None:
            return User.objects.none()
        return User.objects.filter(self.people & reachable_accounts_q()).exclude(pk=user_id)

    def allowed_ids(self, ids: Iterable[int]) -> set[int]:
        """Which of ``ids`` the sender may write to: one query."""
        wanted = {int(pk) for pk in ids}
        if not wanted:
            return set()
        return set(self.accounts().filter(pk__in=wanted).values_list("pk", flat=True))


def _family_q(role: SchoolRole, rules: dict[int, Rules]) -> Q:
    q = Q(pk__in=[])
    for establishment_id, rule in rules.items():
        own = Pupil.objects.current().filter(
            pk__in=role.family_pupil_ids, establishment_id=establishment_id
        )
        classmates = school_pupils(establishment_id).filter(
            division__in=own.filter(division__isnull=False).values("division_id")
        )
        if role.is_pupil:
            if rule.pupil_to_teachers:
                q |= teachers_q(own)
            if rule.pupil_to_staff:
                q |= staff_q(establishment_id, teachers=False)
            if rule.pupil_to_guardians:
                q |= guardians_q(own)
            if rule.pupil_to_classmates:
                q |= pupils_q(classmates)
        else:
            if rule.guardian_to_teachers:
                q |= teachers_q(own)
            if rule.guardian_to_staff:
                q |= staff_q(establishment_id, teachers=False)
            if rule.guardian_to_children:
                q |= pupils_q(own)
            if rule.guardian_to_class_guardians:
                q |= guardians_q(classmates)
    return q


def reach(role: SchoolRole) -> Reach:
    """Whom ``role`` may write to: 1 query (the rules), none for someone outside any school."""
    if role.user_id is None:
        return Reach(role=role, people=Q(pk__in=[]), rules={})
    if role.is_family:
        rules = rules_for(role.establishment_ids)
        return Reach(role=role, people=_family_q(role, rules), rules=rules)
    if is_staff_sender(role):
        assert role.establishment_id is not None
        rules = rules_for([role.establishment_id])
        rule = rules[role.establishment_id]
        q = staff_q(role.establishment_id)
        if rule.staff_to_families:
            pupils = school_pupils(role.establishment_id)
            q |= pupils_q(pupils) | guardians_q(pupils)
        return Reach(role=role, people=q, rules=rules)
    return Reach(role=role, people=Q(pk__in=[]), rules={})
