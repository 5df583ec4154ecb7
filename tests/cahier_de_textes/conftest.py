"""A collège with a class (4 A) taught French by a teacher who also teaches 4 B, a pupil of 4 A
with an account and their parent, the direction, and another school's teacher."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import StaffMember, User
from cahier_de_textes.models import Homework, Seance
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    SubjectFactory,
    TeachingServiceFactory,
    UserFactory,
)


def staff(school, username, function, profile=User.Profile.PERSONNEL):
    account = UserFactory(
        username=username, profile=profile, establishment=school, accepted_charter_version=99
    )
    return StaffMemberFactory(
        establishment=school, function=function, account=account, last_name=username.upper()
    )


@pytest.fixture
def school(db):
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    a = EstablishmentFactory(uai="0860123X", name="Collège Marcel Pagnol", school_year=year)
    division = DivisionFactory(establishment=a, code="4 A")
    other_division = DivisionFactory(establishment=a, code="4 B")
    french = SubjectFactory(establishment=a, code="020100", label="Français")
    maths = SubjectFactory(establishment=a, code="061300", label="Mathématiques")
    teacher = staff(a, "t.prof", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    service = TeachingServiceFactory(
        establishment=a, teacher=teacher, subject=french, division=division
    )
    other_service = TeachingServiceFactory(
        establishment=a, teacher=teacher, subject=french, division=other_division
    )
    colleague = staff(a, "t.maths", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    maths_service = TeachingServiceFactory(
        establishment=a, teacher=colleague, subject=maths, division=division
    )
    outsider = staff(a, "t.autre", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    TeachingServiceFactory(establishment=a, teacher=outsider, division=other_division)
    direction = staff(a, "d.principal", StaffMember.Function.MANAGEMENT)
    pupil = PupilFactory(establishment=a, division=division, first_name="Inès")
    pupil.account = UserFactory(
        username="i.eleve", profile=User.Profile.ELEVE, accepted_charter_version=99
    )
    pupil.save(update_fields=["account"])
    parent = UserFactory(
        username="p.parent", profile=User.Profile.PARENT, accepted_charter_version=99
    )
    guardian = GuardianFactory(establishment=a, account=parent)
    GuardianLinkFactory(guardian=guardian, pupil=pupil)
    b = EstablishmentFactory(uai="0170999B", name="Collège B", school_year=year)
    teacher_b = staff(b, "t.profb", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    TeachingServiceFactory(establishment=b, teacher=teacher_b)
    parent_b = UserFactory(
        username="p.parentb", profile=User.Profile.PARENT, accepted_charter_version=99
    )
    GuardianLinkFactory(
        guardian=GuardianFactory(establishment=b, account=parent_b),
        pupil=PupilFactory(establishment=b),
    )
    return {
        "a": a,
        "b": b,
        "year": year,
        "today": today,
        "division": division,
        "french": french,
        "maths": maths,
        "service": service,
        "other_service": other_service,
        "maths_service": maths_service,
        "teacher": teacher,
        "colleague": colleague,
        "outsider": outsider,
        "direction": direction,
        "pupil": pupil,
        "parent": parent,
        "teacher_b": teacher_b,
        "parent_b": parent_b,
    }


def make_seance(service, day, **extra):
    return Seance.objects.create(
        establishment=service.establishment,
        division=service.division,
        group=service.group,
        subject=service.subject,
        teacher=service.teacher,
        date=day,
        starts_at=extra.pop("starts_at", datetime.time(8, 0)),
        ends_at=extra.pop("ends_at", datetime.time(8, 55)),
        title=extra.pop("title", "Le conte merveilleux"),
        content=extra.pop("content", "<p>Lecture.</p>"),
        **extra,
    )


def make_homework(service, due_on, **extra):
    return Homework.objects.create(
        establishment=service.establishment,
        division=service.division,
        group=service.group,
        subject=service.subject,
        teacher=service.teacher,
        due_on=due_on,
        published_on=extra.pop("published_on", min(due_on, timezone.localdate())),
        description=extra.pop("description", "<p>Exercices 4 et 5 p. 212.</p>"),
        **extra,
    )
