"""A small school for the mail's tests: class 4 B with two families, class 4 C with one, the
teacher of 4 B, a teacher of 4 C only, the CPE (EDU), the principal (DIR), the documentaliste;
and a family of another school."""

from __future__ import annotations

import pytest

from accounts.models import StaffMember, User
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    TeachingServiceFactory,
    UserFactory,
)


def _account(username, profile, **extra):
    first, last = username.split(".")
    return UserFactory(
        username=username,
        first_name=first.capitalize(),
        last_name=last.upper(),
        profile=profile,
        accepted_charter_version=99,
        **extra,
    )


@pytest.fixture
def school(db):
    a = EstablishmentFactory(uai="0860123X", name="Collège A")
    other = EstablishmentFactory(uai="0170999B", name="Collège B")
    b4 = DivisionFactory(establishment=a, code="4 B", level="4")
    c4 = DivisionFactory(establishment=a, code="4 C", level="4")
    d_other = DivisionFactory(establishment=other, code="4 B", level="4")
    people: dict = {"a": a, "other": other, "4b": b4, "4c": c4}

    def family(key, school, division):
        parent = _account(f"parent.{key}", User.Profile.PARENT)
        pupil_account = _account(f"eleve.{key}", User.Profile.ELEVE)
        guardian = GuardianFactory(establishment=school, account=parent)
        pupil = PupilFactory(establishment=school, division=division, account=pupil_account)
        GuardianLinkFactory(guardian=guardian, pupil=pupil)
        people[f"parent_{key}"] = parent
        people[f"pupil_{key}"] = pupil_account
        people[f"pupil_record_{key}"] = pupil

    family("un", a, b4)  # 4 B
    family("deux", a, b4)  # 4 B as well: another parent of the same class
    family("trois", a, c4)  # 4 C
    family("ailleurs", other, d_other)  # another school

    def staff(username, function, profile=User.Profile.PERSONNEL, school=a):
        account = _account(username, profile, establishment=school)
        member = StaffMemberFactory(establishment=school, function=function, account=account)
        people[username.split(".")[1]] = account
        return member

    prof_b = staff("prof.quatreb", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    TeachingServiceFactory(establishment=a, teacher=prof_b, division=b4)
    prof_c = staff("prof.quatrec", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    TeachingServiceFactory(establishment=a, teacher=prof_c, division=c4)
    staff("cpe.viesco", StaffMember.Function.EDUCATION)
    staff("chef.direction", StaffMember.Function.MANAGEMENT)
    staff("doc.cdi", StaffMember.Function.DOCUMENTATION)
    prof_other = staff(
        "prof.ailleurs", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT, school=other
    )
    TeachingServiceFactory(establishment=other, teacher=prof_other, division=d_other)
    return people
