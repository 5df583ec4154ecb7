"""Who is who in the school community (accounts.school): the one place every feature asks what
a user may see and write."""

from __future__ import annotations

import pytest

from accounts.models import StaffMember, TeachingService, User
from accounts.school import pupils_visible, school_role, services_of_pupil_q, teacher_services
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    TeachingGroupFactory,
    TeachingServiceFactory,
    UserFactory,
)


@pytest.fixture
def school(establishment):
    """Two classes, a group drawn from both, a teacher of 4 A and of the group, a CPE, a
    principal, a documentalist, a family with one child in each class."""
    a = DivisionFactory(establishment=establishment, code="4 A", level="4")
    b = DivisionFactory(establishment=establishment, code="4 B", level="4")
    spanish = TeachingGroupFactory(establishment=establishment, code="4ESP2")
    spanish.divisions.set([a, b])
    anna = PupilFactory(establishment=establishment, first_name="Anna", division=a)
    bruno = PupilFactory(establishment=establishment, first_name="Bruno", division=b)
    chloe = PupilFactory(establishment=establishment, first_name="Chloé", division=b)
    spanish.pupils.add(chloe)
    gone = PupilFactory(establishment=establishment, first_name="Parti", division=a)
    gone.left_on = gone.birth_date
    gone.save()

    def staff(function, profile=User.Profile.PERSONNEL):
        account = UserFactory(profile=profile, establishment=establishment)
        return StaffMemberFactory(establishment=establishment, function=function, account=account)

    teacher = staff(StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    TeachingServiceFactory(establishment=establishment, teacher=teacher, division=a)
    TeachingServiceFactory(
        establishment=establishment, teacher=teacher, division=None, group=spanish
    )
    ended = TeachingServiceFactory(establishment=establishment, teacher=teacher, division=b)
    ended.active = False
    ended.save()
    teacher.main_divisions.add(a)
    parent = UserFactory(profile=User.Profile.PARENT)
    guardian = GuardianFactory(establishment=establishment, account=parent)
    GuardianLinkFactory(pupil=anna, guardian=guardian)
    GuardianLinkFactory(pupil=bruno, guardian=guardian)
    GuardianLinkFactory(pupil=gone, guardian=guardian)
    anna.account = UserFactory(profile=User.Profile.ELEVE)
    anna.save()
    return {
        "a": a, "b": b, "spanish": spanish, "anna": anna, "bruno": bruno, "chloe": chloe,
        "gone": gone, "teacher": teacher, "parent": parent,
        "cpe": staff(StaffMember.Function.EDUCATION),
        "principal": staff(StaffMember.Function.MANAGEMENT),
        "documentalist": staff(StaffMember.Function.DOCUMENTATION),
    }  # fmt: skip


def names(role) -> set[str]:
    return set(pupils_visible(role).values_list("first_name", flat=True))


def test_a_guardian_sees_their_current_children_only(school, django_assert_num_queries):
    with django_assert_num_queries(1):
        role = school_role(school["parent"])
    assert role.is_guardian and role.is_family and not role.is_staff_member
    assert names(role) == {"Anna", "Bruno"}


def test_a_pupil_sees_only_themself(school):
    role = school_role(school["anna"].account)
    assert role.is_pupil and role.family_pupil_ids == {school["anna"].pk}
    assert names(role) == {"Anna"}


def test_a_teacher_sees_the_pupils_of_their_classes_and_groups(school, django_assert_num_queries):
    with django_assert_num_queries(3):
        role = school_role(school["teacher"].account)
    assert role.is_teacher and not role.manages_vie_scolaire
    assert role.teaches(division_id=school["a"].pk)
    assert role.teaches(group_id=school["spanish"].pk)
    assert not role.teaches(division_id=school["b"].pk)  # that service ended
    assert role.main_division_ids == {school["a"].pk}
    # Anna (4 A) and Chloé (4 B, in the Spanish group); not Bruno (4 B only).
    assert names(role) == {"Anna", "Chloé"}
    assert [s.structure_label for s in teacher_services(role)] == ["4 A", str(school["spanish"])]


def test_vie_scolaire_and_direction_see_the_whole_school(school):
    for key in ("cpe", "principal"):
        role = school_role(school[key].account)
        assert role.manages_vie_scolaire
        assert names(role) == {"Anna", "Bruno", "Chloé"}
    assert school_role(school["principal"].account).is_direction
    assert not school_role(school["cpe"].account).is_direction


def test_other_staff_and_strangers_see_no_pupil(school):
    assert names(school_role(school["documentalist"].account)) == set()
    other = EstablishmentFactory()
    stranger = UserFactory(profile=User.Profile.ENSEIGNANT, establishment=other)
    StaffMemberFactory(establishment=other, account=stranger)
    assert names(school_role(stranger)) == set()
    departed = school["cpe"]
    departed.left_on = departed.account.date_joined.date()
    departed.save()
    assert not school_role(departed.account).manages_vie_scolaire


def test_the_services_a_pupil_follows(school):
    chloe_services = TeachingService.objects.filter(services_of_pupil_q(school["chloe"]))
    assert {s.structure_label for s in chloe_services} == {"4 B", str(school["spanish"])}
