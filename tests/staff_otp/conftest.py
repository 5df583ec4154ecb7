import pyotp
import pytest
from django.contrib.auth.models import Permission

from tests.factories import totp_enrol


class Clock:
    """Time travel for the passcode checks: replaces staff_otp.services.now."""

    def __init__(self, start: float) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def travel(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def clock(monkeypatch):
    # The middle of a 30-second step, so ±1 step is unambiguous.
    clock = Clock(1_900_000_005.0)
    monkeypatch.setattr("staff_otp.services.now", clock)
    return clock


@pytest.fixture
def teacher_totp(teacher):
    """The teacher's TOTP secret, enrolled."""
    return pyotp.TOTP(totp_enrol(teacher))


@pytest.fixture
def staff_admin(secretary):
    """A staff member of the secretariat with a TOTP authenticator and one admin permission."""
    secretary.user_permissions.add(Permission.objects.get(codename="view_pupil"))
    return secretary


@pytest.fixture
def staff_totp(staff_admin):
    return pyotp.TOTP(totp_enrol(staff_admin))
