import pytest

from accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def pupil_account(establishment):
    from tests.factories import DivisionFactory, PupilFactory

    account = UserFactory(
        username="d.martin", first_name="Dylan", last_name="Martin", profile=User.Profile.ELEVE
    )
    division = DivisionFactory(establishment=establishment, code="4 C", level="4")
    PupilFactory(
        establishment=establishment,
        division=division,
        last_name="MARTIN",
        first_name="Dylan",
        account=account,
    )
    return account
