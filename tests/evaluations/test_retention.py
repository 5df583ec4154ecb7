"""A school year's marks and skills are erased at the end of the following school year by the
daily sweep (with counts); the current and the previous years stay."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.retention import sweep_daily
from evaluations.models import Devoir, Mark, Period, SkillItem, SkillLevel
from tests.evaluations.conftest import make_devoir, mark

pytestmark = pytest.mark.django_db


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(3, 0)))


def test_a_year_is_kept_through_the_next_one_then_erased(notes):
    year = notes["year"]
    devoir = make_devoir(notes["service"], notes["period"])
    mark(devoir, notes["pupil"], 12)
    item = SkillItem.objects.create(
        establishment=notes["a"], service=notes["service"], period=notes["period"],
        devoir=devoir, component="CPD_FRA", label="Lire", date=devoir.date,
        visible_from=devoir.date,
    )  # fmt: skip
    SkillLevel.objects.create(item=item, pupil=notes["pupil"], level=3)
    report = sweep_daily(now=_at(datetime.date(year + 2, 8, 31)))
    assert report["notes_notes"] == 0 and Mark.objects.exists()
    report = sweep_daily(now=_at(datetime.date(year + 2, 9, 1)))
    assert report["notes_notes"] == 1 and report["notes_devoirs"] == 1
    assert report["notes_niveaux_competences"] == 1 and report["notes_competences"] == 1
    assert report["notes_periodes"] == 3
    assert not (Devoir.objects.exists() or Mark.objects.exists() or Period.objects.exists())
    assert not (SkillItem.objects.exists() or SkillLevel.objects.exists())
