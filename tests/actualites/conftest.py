"""The world of the Informations tests: school A with three classes (6 A, 4 B, 4 C), its
direction, a teacher of 4 B, a CPE, a secretary; a parent with one child in 4 B and one in 6 A;
a pupil of 4 C; school B with its own family and direction."""

from __future__ import annotations

import datetime
import io

import factory
import pytest
from django.test import Client
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import StaffMember, User
from actualites.models import News
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

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


class NewsFactory(DjangoModelFactory):
    class Meta:
        model = News

    establishment = factory.SubFactory(EstablishmentFactory)
    author = None
    author_name = "La direction"
    title = factory.Sequence(lambda n: f"Information {n}")
    body = "<p>Texte.</p>"
    audience = News.Audience.SCHOOL
    status = News.Status.PUBLISHED
    publish_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


def login(user) -> Client:
    user.accepted_charter_version = 99
    user.save(update_fields=["accepted_charter_version"])
    client = Client()
    client.force_login(user)
    return client


def png_upload(name: str = "affiche.png", content: bytes = PNG):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def _staff(school, username, function, profile=User.Profile.PERSONNEL):
    account = UserFactory(username=username, profile=profile, establishment=school)
    member = StaffMemberFactory(establishment=school, function=function, account=account)
    return account, member


@pytest.fixture
def school(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    a = EstablishmentFactory(uai="0860123X", name="Collège A")
    b = EstablishmentFactory(uai="0170999B", name="Collège B")
    d6a = DivisionFactory(establishment=a, code="6 A", level="6")
    d4b = DivisionFactory(establishment=a, code="4 B", level="4")
    d4c = DivisionFactory(establishment=a, code="4 C", level="4")
    db4 = DivisionFactory(establishment=b, code="4 B", level="4")
    direction, _ = _staff(a, "d.direction", StaffMember.Function.MANAGEMENT)
    teacher, teacher_member = _staff(
        a, "t.prof", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT
    )
    TeachingServiceFactory(establishment=a, teacher=teacher_member, division=d4b)
    cpe, _ = _staff(a, "c.cpe", StaffMember.Function.EDUCATION)
    direction_b, _ = _staff(b, "d.directionb", StaffMember.Function.MANAGEMENT)
    teacher_b, _ = _staff(b, "t.profb", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    secretary = UserFactory(
        username="a.secretariat", profile=User.Profile.PERSONNEL, establishment=a, is_staff=True
    )
    parent = UserFactory(username="p.parent", profile=User.Profile.PARENT)
    guardian = GuardianFactory(establishment=a, account=parent)
    child_4b = PupilFactory(establishment=a, division=d4b, first_name="Dylan")
    child_6a = PupilFactory(establishment=a, division=d6a, first_name="Léa")
    GuardianLinkFactory(pupil=child_4b, guardian=guardian)
    GuardianLinkFactory(pupil=child_6a, guardian=guardian)
    pupil = UserFactory(username="e.eleve", profile=User.Profile.ELEVE)
    PupilFactory(establishment=a, division=d4c, account=pupil, first_name="Hugo")
    parent_b = UserFactory(username="p.parentb", profile=User.Profile.PARENT)
    GuardianLinkFactory(
        pupil=PupilFactory(establishment=b, division=db4),
        guardian=GuardianFactory(establishment=b, account=parent_b),
    )
    return {
        "a": a,
        "b": b,
        "6 A": d6a,
        "4 B": d4b,
        "4 C": d4c,
        "B 4 B": db4,
        "direction": direction,
        "teacher": teacher,
        "cpe": cpe,
        "secretary": secretary,
        "direction_b": direction_b,
        "teacher_b": teacher_b,
        "parent": parent,
        "pupil": pupil,
        "parent_b": parent_b,
    }


@pytest.fixture
def png():
    return io.BytesIO(PNG)
