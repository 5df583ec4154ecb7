"""Who has left is judged on the export's DATE_EXPORT, not on the day of the import."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import Pupil
from accounts.services import roster_import_files

from .test_roster_importer import GUARDIANS, PUPILS, content, kinds, run_import

IMPORT_DAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def import_in_november(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: IMPORT_DAY)


def without_pupil(siecle_id: str, export_date: str) -> bytes:
    text = content(PUPILS).decode("iso-8859-15")
    text = re.sub(rf'\s*<ELEVE ELEVE_ID="{siecle_id}".*?</ELEVE>', "", text, flags=re.S)
    text = text.replace("<DATE_EXPORT>14/09/2026", f"<DATE_EXPORT>{export_date}")
    return text.encode("iso-8859-15")


def test_pupil_leaving_after_the_export_date_is_still_current(establishment):
    # Exported on 14/09, leaving on 15/10, imported on 20/11: on the export's day Léa was there.
    report = run_import(
        establishment,
        PUPILS,
        GUARDIANS,
        replace={PUPILS: {"<DATE_SORTIE>31/08/2026": "<DATE_SORTIE>15/10/2026"}},
    ).report

    lea = Pupil.objects.get(establishment=establishment, siecle_id="1006")
    assert lea.account is not None
    assert report["counts"]["pupils"]["left"] == 0
    assert "pupil_left" not in kinds(report)


def test_pupil_missing_from_a_later_export_left_on_its_export_date(establishment):
    run_import(establishment, PUPILS)

    report = roster_import_files(
        establishment=establishment,
        files=[(PUPILS, without_pupil("1007", "20/10/2026"))],
    ).report

    ines = Pupil.objects.get(establishment=establishment, siecle_id="1007")
    assert ines.left_on == datetime.date(2026, 10, 20)
    assert any("20/10/2026" in message for message in kinds(report)["pupil_left"])
