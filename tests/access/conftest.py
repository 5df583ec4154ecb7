"""The world of the access walks: school A (the viewer's) and school B, each with a family; an
application for teachers only; a secretary of A with every permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from apps_catalog.models import Application, ApplicationAudience, Category
from devices.models import Device
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    UserFactory,
)


@pytest.fixture
def world(db):
    """School A (the viewer's) and school B, each with a family; an application for teachers only."""
    a = EstablishmentFactory(uai="0860123X", name="Collège A")
    b = EstablishmentFactory(uai="0170999B", name="Collège B")

    def family(school, username):
        account = UserFactory(
            username=username, profile=User.Profile.PARENT, accepted_charter_version=99
        )
        guardian = GuardianFactory(establishment=school, account=account)
        pupil = PupilFactory(establishment=school, division=DivisionFactory(establishment=school))
        GuardianLinkFactory(guardian=guardian, pupil=pupil)
        return account, guardian, pupil

    parent_a, guardian_a, pupil_a = family(a, "p.parenta")
    parent_b, guardian_b, pupil_b = family(b, "p.parentb")
    category, _ = Category.objects.get_or_create(name="Enseignement (test)")
    teachers_app = Application.objects.create(
        name="Outil profs",
        slug="outil-profs-test",
        url="https://profs.example.fr/",
        category=category,
    )
    ApplicationAudience.objects.create(application=teachers_app, profile=User.Profile.ENSEIGNANT)
    teacher = UserFactory(
        username="j.prof", profile=User.Profile.ENSEIGNANT, accepted_charter_version=99
    )
    return {
        "a": a,
        "b": b,
        "parent_a": parent_a,
        "guardian_a": guardian_a,
        "pupil_a": pupil_a,
        "parent_b": parent_b,
        "guardian_b": guardian_b,
        "pupil_b": pupil_b,
        "teachers_app": teachers_app,
        "teacher": teacher,
        # A phone paired with parent B's account (Mes appareils).
        "device_b": Device.objects.create(user=parent_b, name="Téléphone de B"),
    }


@pytest.fixture
def secretary_a(world):
    """A secretary of school A holding every permission: only the scoping can stop her."""
    user = UserFactory(
        username="a.secretariat",
        profile=User.Profile.PERSONNEL,
        establishment=world["a"],
        is_staff=True,
    )
    user.user_permissions.add(*Permission.objects.all())
    return user
