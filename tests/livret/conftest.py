"""The mark book's collège (tests/evaluations/conftest.py) with its conseils de classe, marks in
French and maths for the class 4 A, and vie scolaire events of the current period."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.school import school_role
from evaluations.models import Mark
from livret import services
from tests.evaluations.conftest import (
    cahier_school,  # noqa: F401
    make_devoir,
)
from tests.evaluations.conftest import notes as notes_world  # noqa: F401
from vie_scolaire.models import Event


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture(autouse=True)
def _bulletins_dir(settings, tmp_path):
    """The class PDFs (and the sweep's look for orphans) in the test's own directory."""
    settings.LIVRET_BULLETINS_DIR = tmp_path / "bulletins"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings.LIVRET_BULLETINS_DIR


@pytest.fixture
def livret(notes_world):  # noqa: F811
    world = dict(notes_world)
    for period in world["periods"]:
        period.council_on = period.ends_on
        period.save(update_fields=["council_on"])
    period = world["period"]
    pupil, classmate = world["pupil"], world["classmate"]
    french = make_devoir(world["service"], period, title="Dictée")
    maths = make_devoir(world["maths_service"], period, title="Calcul", coefficient=Decimal(2))
    Mark.objects.bulk_create(
        [
            Mark(devoir=french, pupil=pupil, value=Decimal(15)),
            Mark(devoir=french, pupil=classmate, value=Decimal(9)),
            Mark(devoir=maths, pupil=pupil, value=Decimal("12.5")),
            Mark(devoir=maths, pupil=classmate, value=Decimal("16.5")),
        ]
    )
    start = period.starts_on
    a = world["a"]
    Event.objects.bulk_create(
        [
            Event(
                establishment=a,
                pupil=pupil,
                kind=Event.Kind.ABSENCE,
                school_year=world["year"],
                starts_at=_at(start, 8),
                ends_at=_at(start, 17),
                half_days=2,
                hours=6,
                status=Event.State.JUSTIFIED,
            ),
            Event(
                establishment=a,
                pupil=pupil,
                kind=Event.Kind.ABSENCE,
                school_year=world["year"],
                starts_at=_at(start + datetime.timedelta(days=1), 8),
                ends_at=_at(start + datetime.timedelta(days=1), 12),
                half_days=1,
                hours=3,
                status=Event.State.UNEXPLAINED,
            ),
            Event(
                establishment=a,
                pupil=pupil,
                kind=Event.Kind.RETARD,
                school_year=world["year"],
                starts_at=_at(start + datetime.timedelta(days=2), 8),
                minutes=10,
            ),
            # Before the period: not counted.
            Event(
                establishment=a,
                pupil=pupil,
                kind=Event.Kind.RETARD,
                school_year=world["year"],
                starts_at=_at(start - datetime.timedelta(days=2), 8),
                minutes=5,
            ),
        ]
    )
    world["french_devoir"], world["maths_devoir"] = french, maths
    return world


def lock(world, pupil=None, general="Bon trimestre.", **extra):
    """The direction writes the general appreciation and locks the pupil's bilan."""
    actor = world["direction"].account
    role = school_role(actor)
    pupil = pupil or world["pupil"]
    services.bilan_general_save(
        actor=actor,
        role=role,
        pupil=pupil,
        period=world["period"],
        appreciation=general,
        parcours=extra.get("parcours", {"PAR_CIT": "Délégué de classe."}),
        accompaniments=extra.get("accompaniments", ["PPRE"]),
    )
    return services.bilan_lock(actor=actor, role=role, pupil=pupil, period=world["period"])
