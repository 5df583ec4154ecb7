import pytest

from accounts.models import User

from .factories import (
    DEFAULT_PASSWORD,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments live in the cache: each test starts from an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def establishment(db):
    return EstablishmentFactory(uai="0860123X", name="Collège Marcel Pagnol")


@pytest.fixture
def parent_with_children(establishment):
    """An active guardian account with two children in the same collège."""
    account = UserFactory(username="s.martin", first_name="Sophie", last_name="Martin", profile=User.Profile.PARENT)
    guardian = GuardianFactory(establishment=establishment, last_name="MARTIN", first_name="Sophie", account=account)
    dylan = PupilFactory(establishment=establishment, last_name="MARTIN", first_name="Dylan")
    florian = PupilFactory(establishment=establishment, last_name="MARTIN", first_name="Florian")
    GuardianLinkFactory(pupil=dylan, guardian=guardian)
    GuardianLinkFactory(pupil=florian, guardian=guardian)
    return account


@pytest.fixture
def teacher(establishment):
    account = UserFactory(
        username="j.prof", first_name="Jean", last_name="Prof", profile=User.Profile.ENSEIGNANT,
        establishment=establishment,
    )
    StaffMemberFactory(establishment=establishment, last_name="PROF", first_name="Jean", account=account)
    return account


@pytest.fixture
def secretary(establishment):
    return UserFactory(
        username="a.secretariat", first_name="Annie", last_name="Secrétariat",
        profile=User.Profile.PERSONNEL, establishment=establishment, is_staff=True,
    )
