"""The cahier de textes' collège (tests/cahier_de_textes/conftest.py) with its periods: three
trimestres of the current year, and a helper to make devoirs and marks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from evaluations.models import Devoir, Mark, Period
from tests.cahier_de_textes.conftest import school as cahier_school  # noqa: F401
from tests.factories import PupilFactory


def trimestres(establishment, year):
    march = datetime.date(year + 1, 3, 1)
    bounds = (
        (datetime.date(year, 9, 1), datetime.date(year, 11, 30)),
        (datetime.date(year, 12, 1), march - datetime.timedelta(days=1)),
        (march, datetime.date(year + 1, 7, 4)),
    )
    return [
        Period.objects.create(
            establishment=establishment,
            school_year=year,
            number=n,
            starts_on=start,
            ends_on=end,
        )
        for n, (start, end) in enumerate(bounds, start=1)
    ]


@pytest.fixture
def notes(cahier_school):  # noqa: F811
    world = dict(cahier_school)
    periods = trimestres(world["a"], world["year"])
    today = world["today"]
    world["periods"] = periods
    world["period"] = next(p for p in periods if p.starts_on <= today <= p.ends_on)
    world["classmate"] = PupilFactory(
        establishment=world["a"], division=world["division"], first_name="Zoé", last_name="ZOLA"
    )
    return world


def make_devoir(service, period, **extra):
    day = extra.pop("date", period.starts_on)
    return Devoir.objects.create(
        establishment=service.establishment,
        service=service,
        period=period,
        title=extra.pop("title", "Contrôle"),
        date=day,
        out_of=extra.pop("out_of", Decimal(20)),
        coefficient=extra.pop("coefficient", Decimal(1)),
        visible_from=extra.pop("visible_from", day),
        **extra,
    )


def mark(devoir, pupil, value=None, status="", comment=""):
    return Mark.objects.create(
        devoir=devoir,
        pupil=pupil,
        value=None if value is None else Decimal(str(value)),
        status=status,
        comment=comment,
    )
