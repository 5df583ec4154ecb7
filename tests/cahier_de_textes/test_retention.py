"""A school year's cahier de textes is erased at the end of the following school year, files
included, by the daily sweep (with counts)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cahier_de_textes.models import Attachment, Homework, HomeworkDone, Seance, Visa
from core.retention import sweep_daily
from tests.cahier_de_textes.conftest import make_homework, make_seance

pytestmark = pytest.mark.django_db


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(3, 0)))


def test_a_year_is_kept_through_the_next_one_then_erased(school):
    year = school["year"]
    day = datetime.date(year, 10, 5)
    seance = make_seance(school["service"], day)
    homework = make_homework(school["service"], day, published_on=day)
    HomeworkDone.objects.create(homework=homework, pupil=school["pupil"])
    attachment = Attachment(seance=seance, name="a.pdf", content_type="application/pdf", size=8)
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    storage, name = attachment.file.storage, attachment.file.name
    Visa.objects.create(
        establishment=school["a"],
        division=school["division"],
        subject=school["french"],
        up_to=day,
        given_by=school["direction"],
    )
    # All through the following school year, last year's cahier stays.
    report = sweep_daily(now=_at(datetime.date(year + 2, 8, 31)))
    assert report["cahier_seances"] == 0 and Seance.objects.exists()
    report = sweep_daily(now=_at(datetime.date(year + 2, 9, 1)))
    assert report["cahier_pieces_jointes"] == 1
    assert report["cahier_travail_a_faire"] == 1
    assert report["cahier_seances"] == 1
    assert report["cahier_visas"] == 1
    assert not (Seance.objects.exists() or Homework.objects.exists() or Visa.objects.exists())
    assert not HomeworkDone.objects.exists() and not storage.exists(name)
    again = sweep_daily(now=_at(datetime.date(year + 2, 9, 1)))
    assert again["cahier_seances"] == 0
