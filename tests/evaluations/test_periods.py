"""The establishment's periods in the admin: scoped to the secretariat's establishment, audited;
a period that overlaps another, leaves the school year or ends before it starts is refused with
a French message and nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent, User
from evaluations.models import Period
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(notes):
    user = UserFactory(
        username="s.secretariat",
        profile=User.Profile.PERSONNEL,
        establishment=notes["a"],
        is_staff=True,
        accepted_charter_version=99,
    )
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="evaluations"))
    return user


def _post(notes, **extra):
    year = notes["year"]
    data = {
        "school_year": year,
        "kind": "semestre",
        "number": "1",
        "starts_on": f"{year}-09-01",
        "ends_on": f"{year + 1}-01-31",
        "council_on": "",
    }
    data.update(extra)
    return data


def test_an_overlapping_period_is_refused_in_french(client, notes, secretary):
    client.force_login(secretary)
    url = reverse("admin:evaluations_period_add")
    before = Period.objects.count()
    response = client.post(url, _post(notes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette période chevauche « 1er trimestre »" in page
    assert Period.objects.count() == before


def test_dates_are_checked(notes):
    year = notes["year"]
    period = Period(
        establishment=notes["b"],
        school_year=year,
        number=1,
        starts_on=datetime.date(year, 12, 1),
        ends_on=datetime.date(year, 11, 1),
    )
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "La fin de la période doit être après son début." in str(error.value)
    period.ends_on = datetime.date(year + 2, 1, 1)
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert f"l'année scolaire {year}-{year + 1}" in str(error.value)


def test_the_secretariat_adds_its_own_periods(client, notes, secretary):
    Period.objects.filter(establishment=notes["a"]).delete()
    client.force_login(secretary)
    response = client.post(reverse("admin:evaluations_period_add"), _post(notes))
    assert response.status_code == 302, response.content.decode()[:2000]
    period = Period.objects.get(establishment=notes["a"])
    assert str(period) == "1er semestre"
    assert AuditEvent.objects.filter(action="admin.period.add").count() == 1
    # The same dates in another school do not overlap.
    Period.objects.create(
        establishment=notes["b"],
        school_year=notes["year"],
        number=1,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    ).full_clean()
