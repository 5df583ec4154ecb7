"""The world of the agenda tests: the Informations world (school A with 6 A, 4 B, 4 C, its
direction, a teacher of 4 B, a CPE, a secretary; a parent of a 4 B and a 6 A pupil; a pupil of
4 C; school B with its family and direction), plus a 3 A class in school A, and a helper that
writes an establishment event straight into the database."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agenda.models import Audience, PersonalEvent, SchoolEvent
from tests.actualites.conftest import login, school  # noqa: F401  (fixtures)
from tests.factories import DivisionFactory

__all__ = ["login", "make_event", "make_personal"]


@pytest.fixture
def world(school):  # noqa: F811
    school["3 A"] = DivisionFactory(establishment=school["a"], code="3 A", level="3")
    return school


def make_event(establishment, title: str, audience: str = Audience.SCHOOL, *, days: int = 1,
               division=None, level: str = "", **extra) -> SchoolEvent:  # fmt: skip
    day = timezone.localdate() + datetime.timedelta(days=days)
    return SchoolEvent.objects.create(
        establishment=establishment,
        title=title,
        audience=audience,
        division=division,
        level=level,
        starts_on=extra.pop("starts_on", day),
        ends_on=extra.pop("ends_on", day),
        **extra,
    )


def make_personal(owner, title: str, *, days: int = 1, **extra) -> PersonalEvent:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return PersonalEvent.objects.create(
        owner=owner,
        title=title,
        starts_on=extra.pop("starts_on", day),
        ends_on=extra.pop("ends_on", day),
        **extra,
    )
