"""PRONOTE-ENT links go with the account and once the account has left the establishment;
import reports after a school year."""

import datetime

import pytest
from django.utils import timezone

from core import retention
from pronote_bridge.models import PronoteEntLink, PronoteImport
from pronote_bridge.services import pronote_import_create

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def test_links_of_leavers_are_erased_by_the_daily_sweep(school):
    pronote_import_create(
        establishment=school["establishment"],
        name="x.csv",
        content=csv_file(
            "ÉLÉONORE;Léa;;;Élève;PRN-LEA", "DURAND;Paul;;;;PRN-PROF", "LEROY;Anne;;;;PRN-DIR"
        ),
        actor=None,
    )
    pupil = school["lea_pupil"]
    pupil.left_on = timezone.localdate() - datetime.timedelta(days=1)
    pupil.save(update_fields=["left_on"])
    school["principal"].staff_records.update(left_on=timezone.localdate())
    school["teacher"].delete()
    report = retention.sweep_daily()
    assert report["identifiants_pronote_ent"] == 2
    assert not PronoteEntLink.objects.exists()


def test_current_people_keep_their_link(school):
    pronote_import_create(
        establishment=school["establishment"],
        name="x.csv",
        content=csv_file("ÉLÉONORE;Marie;;;Responsable;PRN-M", "ÉLÉONORE;Léa;;;Élève;PRN-L"),
        actor=None,
    )
    assert retention.sweep_daily()["identifiants_pronote_ent"] == 0
    assert PronoteEntLink.objects.count() == 2


def test_import_reports_are_erased_after_a_year(school):
    done = pronote_import_create(
        establishment=school["establishment"],
        name="x.csv",
        content=csv_file("NOUVEL;Arrivant;;;;PRN-N"),
        actor=None,
    )
    assert retention.sweep_daily()["imports_pronote_ent"] == 0
    PronoteImport.objects.filter(pk=done.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=366)
    )
    assert retention.sweep_daily()["imports_pronote_ent"] == 1
    assert not done.rows.model.objects.exists()
