"""Fixtures of the secretariat's admin tests: two schools, a secretary of school A, a superuser."""

from types import SimpleNamespace

import pytest

from accounts.models import User
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    UserFactory,
)

from .admin_helpers import grant_secretariat

# What the "Secrétariat" group holds (load_demo creates the same group): ordinary model permissions.


@pytest.fixture
def school_a(establishment, parent_with_children):
    """Collège Marcel Pagnol: a family (parent + Dylan in 5 B with an account), Léa in 4 A."""
    parent = parent_with_children
    parent.state = User.State.AWAITING_EMAIL
    parent.save(update_fields=["state"])
    guardian = parent.guardian_records.get()
    dylan = guardian.pupils.get(first_name="Dylan")
    cinq_b = DivisionFactory(establishment=establishment, code="5e B", level="5")
    dylan.division = cinq_b
    dylan.ine = "123456789AB"
    dylan.account = UserFactory(
        username="d.martin", first_name="Dylan", last_name="Martin", profile=User.Profile.ELEVE
    )
    dylan.save()
    quatre_a = DivisionFactory(establishment=establishment, code="4e A", level="4")
    lea_account = UserFactory(
        username="l.durand",
        first_name="Léa",
        last_name="Durand",
        profile=User.Profile.ELEVE,
        state=User.State.PROVISIONAL,
    )
    lea = PupilFactory(
        establishment=establishment,
        division=quatre_a,
        last_name="DURAND",
        first_name="Léa",
        ine="111111111AA",
        account=lea_account,
    )
    return SimpleNamespace(
        establishment=establishment,
        parent=parent,
        guardian=guardian,
        dylan=dylan,
        cinq_b=cinq_b,
        quatre_a=quatre_a,
        lea=lea,
        lea_account=lea_account,
    )


@pytest.fixture
def school_b(db):
    """Collège Jean Moulin: another school, whose people school A's secretary must never see."""
    other = EstablishmentFactory(uai="0170001Y", name="Collège Jean Moulin")
    division = DivisionFactory(establishment=other, code="3e Z", level="3")
    hugo_account = UserFactory(
        username="h.bernard", first_name="Hugo", last_name="Bernard", profile=User.Profile.ELEVE
    )
    hugo = PupilFactory(
        establishment=other,
        division=division,
        last_name="BERNARD",
        first_name="Hugo",
        ine="987654321ZZ",
        account=hugo_account,
    )
    paul_account = UserFactory(
        username="p.bernard", first_name="Paul", last_name="Bernard", profile=User.Profile.PARENT
    )
    paul = GuardianFactory(
        establishment=other, last_name="BERNARD", first_name="Paul", account=paul_account
    )
    GuardianLinkFactory(pupil=hugo, guardian=paul)
    secretary_b = grant_secretariat(
        UserFactory(
            username="b.secretariat",
            profile=User.Profile.PERSONNEL,
            establishment=other,
            is_staff=True,
        )
    )
    return SimpleNamespace(
        establishment=other,
        division=division,
        hugo=hugo,
        hugo_account=hugo_account,
        paul=paul,
        paul_account=paul_account,
        secretary=secretary_b,
    )


@pytest.fixture
def secretary_client(client, secretary):
    grant_secretariat(secretary)
    client.force_login(secretary)
    return client


@pytest.fixture
def superuser_client(client, db):
    admin_user = User.objects.create_superuser(
        username="root",
        email="root@example.org",
        password="Cartable-Root-2026!",
        profile=User.Profile.AUTRE,
        state=User.State.ACTIVE,
    )
    client.force_login(admin_user)
    return client
