import datetime

import pytest

from accounts.models import GuardianLink
from outbox import sms
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
)

MOBILE = "+33612345678"
DYLAN_BIRTH = datetime.date(2013, 5, 17)
LEA_BIRTH = datetime.date(2015, 9, 2)


@pytest.fixture(autouse=True)
def _sms_in_memory(sms_outbox):
    """Every test here sends its SMS to ``outbox.sms.outbox`` (the ``sms_outbox`` fixture)."""
    return sms_outbox


@pytest.fixture
def family(db):
    """Sophie Martin, mobile 06 12 34 56 78 recorded by two collèges: Dylan in one, Léa in the other."""
    pagnol = EstablishmentFactory(uai="0860123X", name="Collège Marcel Pagnol")
    michel = EstablishmentFactory(uai="0860456Y", name="Collège Louise Michel")
    mother_pagnol = GuardianFactory(
        establishment=pagnol,
        last_name="MARTIN",
        first_name="Sophie",
        phone_mobile=MOBILE,
        email="sophie.martin@example.org",
    )
    mother_michel = GuardianFactory(
        establishment=michel,
        last_name="MARTIN",
        usage_name="",
        first_name="Sophie",
        phone_mobile=MOBILE,
    )
    dylan = PupilFactory(
        establishment=pagnol,
        last_name="MARTIN",
        first_name="Dylan",
        birth_date=DYLAN_BIRTH,
        division=DivisionFactory(establishment=pagnol, code="5 B"),
    )
    lea = PupilFactory(
        establishment=michel,
        last_name="MARTIN",
        first_name="Léa",
        birth_date=LEA_BIRTH,
        division=DivisionFactory(establishment=michel, code="6 A"),
    )
    GuardianLinkFactory(pupil=dylan, guardian=mother_pagnol)
    GuardianLinkFactory(pupil=lea, guardian=mother_michel)
    # A contact person with the same mobile (level 3) is not a legal representative: never matched.
    GuardianLinkFactory(
        pupil=lea,
        guardian=GuardianFactory(
            establishment=michel, last_name="DURAND", first_name="Paul", phone_mobile=MOBILE
        ),
        level=GuardianLink.Level.CONTACT,
    )
    return {
        "pagnol": pagnol,
        "michel": michel,
        "guardians": [mother_pagnol, mother_michel],
        "dylan": dylan,
        "lea": lea,
    }


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks (outbox sends) of what happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def last_code() -> str:
    import re

    return re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
