"""Who is who in the school community, and so who may see or write what.

``school_role(user)`` reads, in a fixed number of queries, what the user is: a guardian (their
children: current pupils they are the legal representative of), a pupil (themself), a staff member
of one establishment with a STS function (``ENS`` teacher, ``EDU`` CPE / assistant d'éducation,
``DIR`` direction, ``DOC`` documentaliste…) and, for a teacher, the classes and groups of their
teaching services. Every feature app asks this one object:

* a teacher writes the cahier de textes and takes the roll call for the classes and groups they
  teach (``teaches``), and sees those pupils;
* ``EDU`` staff manage the whole vie scolaire of their establishment, ``DIR`` sees everything of
  it (``manages_vie_scolaire``, ``is_direction``);
* a guardian sees only their own children, a pupil only themself (``family_pupil_ids``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from .models import (
    GuardianLink,
    Pupil,
    StaffMember,
    TeachingService,
    User,
)


@dataclass(frozen=True)
class SchoolRole:
    user_id: int | None
    profile: str = ""
    # A staff member's establishment, or the pupil's school; a guardian's children may be in
    # several schools (``establishment_ids``).
    establishment_id: int | None = None
    staff_id: int | None = None
    function: str = ""
    family_pupil_ids: frozenset[int] = field(default_factory=frozenset)
    establishment_ids: frozenset[int] = field(default_factory=frozenset)
    # Each family pupil's establishment, as ``(pupil_id, establishment_id)`` pairs: a page
    # keyed on a child's school versions needs no query for it.
    family_schools: tuple[tuple[int, int], ...] = ()
    # A teacher's active services: their classes and groups, and the classes they are the
    # professeur principal of.
    service_ids: frozenset[int] = field(default_factory=frozenset)
    division_ids: frozenset[int] = field(default_factory=frozenset)
    group_ids: frozenset[int] = field(default_factory=frozenset)
    main_division_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_guardian(self) -> bool:
        return self.profile == User.Profile.PARENT

    @property
    def is_pupil(self) -> bool:
        return self.profile == User.Profile.ELEVE

    @property
    def is_family(self) -> bool:
        return self.is_guardian or self.is_pupil

    @property
    def is_staff_member(self) -> bool:
        return self.staff_id is not None

    @property
    def is_teacher(self) -> bool:
        return self.staff_id is not None and bool(self.service_ids)

    @property
    def is_direction(self) -> bool:
        return self.staff_id is not None and self.function == StaffMember.Function.MANAGEMENT

    @property
    def manages_vie_scolaire(self) -> bool:
        return self.staff_id is not None and self.function in {
            StaffMember.Function.EDUCATION,
            StaffMember.Function.MANAGEMENT,
        }

    def teaches(self, *, division_id: int | None = None, group_id: int | None = None) -> bool:
        if division_id is not None:
            return division_id in self.division_ids
        return group_id is not None and group_id in self.group_ids

    def belongs_to(self, establishment_id: int) -> bool:
        return establishment_id in self.establishment_ids

    def school_of(self, pupil_id: int) -> int | None:
        """The establishment of one of the family's pupils (``None`` for anybody else)."""
        return next((school for pupil, school in self.family_schools if pupil == pupil_id), None)


ANONYMOUS = SchoolRole(user_id=None)


def family_pupils(user: User) -> QuerySet[Pupil]:
    """The family's pupils as a queryset (a subquery in other reads): a guardian's current
    children they are the legal representative of, a pupil themself, nobody for anyone else."""
    if user.profile == User.Profile.PARENT:
        links = GuardianLink.objects.legal().filter(guardian__account=user)
        return Pupil.objects.current().filter(pk__in=links.values("pupil_id"))
    if user.profile == User.Profile.ELEVE:
        return Pupil.objects.current().filter(account=user)
    return Pupil.objects.none()


def staff_memberships(user: User) -> QuerySet[StaffMember]:
    """The user's current staff records (one per establishment they work in)."""
    return StaffMember.objects.filter(account=user, left_on__isnull=True)


def _family_schools(user: User) -> tuple[tuple[int, int], ...]:
    if user.profile not in User.EDUCONNECT_PROFILES:
        return ()
    return tuple(sorted(family_pupils(user).order_by().values_list("pk", "establishment_id")))


def school_role(user: Any) -> SchoolRole:
    """What ``user`` is in the school community: 1 query for a family, 2 for a staff member."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    pairs = _family_schools(user)
    pupil_ids = frozenset(pupil for pupil, _ in pairs)
    establishment_ids = frozenset(school for _, school in pairs)
    if pupil_ids or user.profile in User.EDUCONNECT_PROFILES:
        return SchoolRole(
            user_id=user.pk,
            profile=user.profile,
            establishment_id=next(iter(establishment_ids)) if len(establishment_ids) == 1 else None,
            family_pupil_ids=pupil_ids,
            establishment_ids=establishment_ids,
            family_schools=pairs,
        )
    member = (
        staff_memberships(user).order_by("pk").only("pk", "establishment_id", "function").first()
    )
    if member is None:
        return SchoolRole(
            user_id=user.pk,
            profile=user.profile,
            establishment_id=user.establishment_id,
            establishment_ids=frozenset({user.establishment_id} if user.establishment_id else ()),
        )
    rows = list(
        TeachingService.objects.active()
        .filter(teacher=member)
        .values_list("pk", "division_id", "group_id")
    )
    main = StaffMember.main_divisions.through.objects.filter(staffmember_id=member.pk)
    return SchoolRole(
        user_id=user.pk,
        profile=user.profile,
        establishment_id=member.establishment_id,
        staff_id=member.pk,
        function=member.function,
        establishment_ids=frozenset({member.establishment_id}),
        service_ids=frozenset(pk for pk, _, _ in rows),
        division_ids=frozenset(d for _, d, _ in rows if d),
        group_ids=frozenset(g for _, _, g in rows if g),
        main_division_ids=frozenset(main.values_list("division_id", flat=True)),
    )


def school_role_of_request(request: Any) -> SchoolRole:
    """``school_role`` of the request's user, read once per request."""
    role = getattr(request, "_cartable_school_role", None)
    if role is None:
        role = school_role(request.user)
        request._cartable_school_role = role
    return role


# --- what a role may see ------------------------------------------------------------------


def pupils_taught_q(role: SchoolRole, prefix: str = "") -> Q:
    """The pupils of the teacher's classes and groups (``prefix`` reaches the pupil from
    another model, e.g. ``"pupil__"``)."""
    return Q(**{f"{prefix}division_id__in": role.division_ids}) | Q(
        **{f"{prefix}teaching_groups__in": role.group_ids}
    )


def pupils_visible_q(role: SchoolRole, prefix: str = "") -> Q:
    """The pupils whose school life ``role`` may read: their own children / themself for a
    family, every pupil of the establishment for its direction and vie scolaire, the pupils of
    their classes and groups for a teacher; nobody for anyone else."""
    if role.is_family:
        return Q(**{f"{prefix}pk__in": role.family_pupil_ids})
    if role.manages_vie_scolaire:
        return Q(**{f"{prefix}establishment_id": role.establishment_id})
    if role.is_teacher:
        return Q(**{f"{prefix}establishment_id": role.establishment_id}) & pupils_taught_q(
            role, prefix
        )
    return Q(pk__in=[])


def pupils_visible(role: SchoolRole) -> QuerySet[Pupil]:
    return Pupil.objects.current().filter(pupils_visible_q(role)).distinct()


def services_of_pupil_q(pupil: Pupil, prefix: str = "") -> Q:
    """The teaching services a pupil follows: those of their class and of their groups."""
    q = Q(**{f"{prefix}group__pupils": pupil.pk})
    if pupil.division_id:
        q |= Q(**{f"{prefix}division_id": pupil.division_id})
    return q


def teacher_services(role: SchoolRole) -> QuerySet[TeachingService]:
    """The teacher's active services, with their subject and class or group, for pickers."""
    return (
        TeachingService.objects.active()
        .filter(pk__in=role.service_ids)
        .select_related("subject", "division", "group")
        .order_by(F("division__code").asc(nulls_last=True), "group__code", "subject__label")
    )
