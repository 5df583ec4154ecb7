"""A collège's class with its teacher, its CPE, its principal and a family whose guardian
confirmed their address."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import StaffMember, User
from accounts.school import school_role
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
from vie_scolaire.models import Event, Motive


def staff(school, username, function, profile=User.Profile.PERSONNEL, **names):
    account = UserFactory(
        username=username, profile=profile, establishment=school, accepted_charter_version=99
    )
    return StaffMemberFactory(establishment=school, function=function, account=account, **names)


def add_pupils(division, count, start=0):
    return [
        PupilFactory(
            establishment=division.establishment,
            division=division,
            last_name=f"ELEVE{start + i:03d}",
            first_name=f"Prénom{start + i}",
        )
        for i in range(count)
    ]


@pytest.fixture
def school(db):
    school = EstablishmentFactory(uai="0860123X", name="Collège Marcel Pagnol")
    division = DivisionFactory(establishment=school, code="4 B")
    teacher = staff(
        school, "j.prof", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT, last_name="PROF"
    )
    service = TeachingServiceFactory(establishment=school, teacher=teacher, division=division)
    other_teacher = staff(school, "t.autre", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    other_service = TeachingServiceFactory(establishment=school, teacher=other_teacher)
    cpe = staff(school, "c.cpe", StaffMember.Function.EDUCATION, last_name="CPE")
    principal = staff(school, "d.principal", StaffMember.Function.MANAGEMENT)
    parent = UserFactory(
        username="s.martin",
        profile=User.Profile.PARENT,
        email="s.martin@example.org",
        accepted_charter_version=99,
    )
    EmailAddress.objects.create(user=parent, email=parent.email, verified=True, primary=True)
    guardian = GuardianFactory(establishment=school, account=parent)
    child = PupilFactory(
        establishment=school, division=division, first_name="Dylan", last_name="MARTIN"
    )
    GuardianLinkFactory(guardian=guardian, pupil=child)
    classmates = add_pupils(division, 4)
    return SimpleNamespace(
        school=school,
        division=division,
        teacher=teacher.account,
        teacher_member=teacher,
        service=service,
        other_teacher=other_teacher.account,
        other_service=other_service,
        cpe=cpe.account,
        cpe_member=cpe,
        principal=principal.account,
        parent=parent,
        guardian=guardian,
        child=child,
        classmates=classmates,
        motives={m.label: m for m in Motive.objects.filter(establishment=school)},
    )


def role(user):
    return school_role(user)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_current_timezone()
    )


def a_school_day(weeks_back: int = 0) -> datetime.date:
    """A week day of the current school year, before today."""
    day = timezone.localdate() - datetime.timedelta(days=7 * weeks_back + 1)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def absence(ns, day=None, **extra) -> Event:
    from vie_scolaire.services import event_create

    day = day or a_school_day()
    return event_create(
        role=role(ns.cpe),
        actor=ns.cpe,
        pupil=ns.child,
        kind=Event.Kind.ABSENCE,
        data={"starts_at": at(day, 8), "ends_at": at(day, 12), **extra},
    )
