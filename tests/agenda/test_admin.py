"""The secretariat writes its establishment's events in the admin: scoped to its school, the
dates checked as in the agenda's forms (French messages, nothing written), the description
sanitised, audited, and shown on the dashboard at once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from agenda.models import SchoolEvent
from tests.agenda.conftest import make_event

pytestmark = pytest.mark.django_db

ADD = reverse("admin:agenda_schoolevent_add")


@pytest.fixture
def secretariat(world):
    user = world["secretary"]
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="agenda"))
    client = Client()
    client.force_login(user)
    return client


def _form(**values):
    day = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "title": "Conseil de classe de 4 B",
        "description": "Bilan <script>x</script><b>du trimestre</b>",
        "place": "Salle 12",
        "starts_on": day.isoformat(),
        "ends_on": day.isoformat(),
        "start_time": "17:30",
        "end_time": "19:00",
        "audience": "division",
        "level": "",
        **values,
    }


def test_the_secretariat_adds_an_event_of_its_school(world, secretariat,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(ADD, _form(division=world["4 B"].pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = SchoolEvent.objects.get()
    assert event.establishment == world["a"] and event.author == world["secretary"]
    assert "<script>" not in event.description and "<b>du trimestre</b>" in event.description
    assert AuditEvent.objects.filter(action="admin.school_event.add").exists()
    from tests.agenda.conftest import login

    assert (
        "Conseil de classe de 4 B"
        in login(world["parent"]).get(reverse("portal:dashboard")).content.decode()
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ends_on": "2000-01-01", "starts_on": "2000-01-01"}, "Choisissez une date entre"),
        ({"end_time": "16:00"}, "La fin de l’évènement doit venir après son début."),
        ({"audience": "level", "level": ""}, "Un niveau va avec"),
    ],
)
def test_bad_dates_and_audiences_are_refused_in_french(world, secretariat, values, message):
    response = secretariat.post(ADD, _form(division=world["4 B"].pk, **values))
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert message in page
    assert not SchoolEvent.objects.exists()


def test_another_schools_event_is_not_there(world, secretariat):
    event = make_event(world["b"], "École B")
    url = reverse("admin:agenda_schoolevent_change", args=[event.pk])
    assert secretariat.get(url).status_code in {302, 404}
    listing = secretariat.get(reverse("admin:agenda_schoolevent_changelist")).content.decode()
    assert "École B" not in listing
