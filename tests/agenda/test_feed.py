"""The iCalendar feed: a secret address shown once, only its digest stored; the feed parsed
back with icalendar holds the user's own events and their audiences' establishment events;
a revoked, renewed or unknown address is a 404; counted per client address."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from agenda.models import Audience, FeedToken
from core.tokens import token_digest
from tests.agenda.conftest import login, make_event, make_personal

pytestmark = pytest.mark.django_db

SUBSCRIPTION = reverse("agenda:subscription")


def _new_address(client) -> str:
    response = client.post(SUBSCRIPTION, {"renew": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    found = re.search(r'id="adresse-abonnement">([^<]+)<', response.content.decode())
    assert found
    return found.group(1)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_feed_carries_the_users_events_and_parses_back(world):
    make_personal(world["parent"], "Dentiste", days=2, place="Cabinet",
                  start_time=datetime.time(17), end_time=datetime.time(17, 30), notes="Carnet")  # fmt: skip
    make_personal(world["pupil"], "Pas pour le parent")
    make_event(world["a"], "Conseil de 4 B", Audience.DIVISION, division=world["4 B"], days=4,
               description="<p>Salle 12</p>")  # fmt: skip
    make_event(world["a"], "Conseil de 3 A", Audience.DIVISION, division=world["3 A"])
    make_event(world["b"], "École B")
    trip = make_event(world["a"], "Sortie", Audience.PARENTS, days=6)
    trip.ends_on = trip.starts_on + datetime.timedelta(days=2)
    trip.save()

    client = login(world["parent"])
    url = _new_address(client)
    assert "/agenda/ics/" in url and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = FeedToken.objects.get(owner=world["parent"])
    assert stored.token_hash == token_digest(token) and token not in stored.token_hash
    # Shown once: the page read again does not show it.
    assert token not in client.get(SUBSCRIPTION).content.decode()

    response = Client().get(_path(url))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Dentiste", "Conseil de 4 B", "Sortie"}
    dentist = events["Dentiste"]
    start = dentist.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (17, 0, "Europe/Paris")
    assert str(dentist["LOCATION"]) == "Cabinet" and str(dentist["CLASS"]) == "PRIVATE"
    sortie = events["Sortie"]
    # All day: dates, the end being the day after the last day.
    assert sortie.decoded("DTSTART") == trip.starts_on
    assert sortie.decoded("DTEND") == trip.ends_on + datetime.timedelta(days=1)
    assert "Salle 12" in str(events["Conseil de 4 B"]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events.values()}) == 3
    assert calendar.walk("VTIMEZONE")


def test_renewing_or_revoking_kills_the_old_address(world):
    client = login(world["parent"])
    first = _path(_new_address(client))
    second = _path(_new_address(client))
    assert first != second
    anonymous = Client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    assert FeedToken.objects.count() == 1
    response = client.post(SUBSCRIPTION, {"revoke": ""})
    assert response.status_code == 302
    assert anonymous.get(second).status_code == 404
    assert not FeedToken.objects.exists()
    assert AuditEvent.objects.filter(action="agenda.feed_created").count() == 2
    assert AuditEvent.objects.filter(action="agenda.feed_revoked").count() == 1


def test_unknown_addresses_and_closed_accounts_get_404(world):
    anonymous = Client()
    for token in ("x", "A" * 43, "A" * 200):
        assert anonymous.get(reverse("agenda:feed", args=[token])).status_code == 404
    url = _path(_new_address(login(world["parent"])))
    world["parent"].is_active = False
    world["parent"].save(update_fields=["is_active"])
    assert anonymous.get(url).status_code == 404


def test_the_feed_is_rate_limited_per_address(world, settings):
    settings.CARTABLE_AGENDA_FEED_PER_IP_HOUR = 3
    url = _path(_new_address(login(world["parent"])))
    anonymous = Client()
    assert [anonymous.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert anonymous.get(reverse("agenda:feed", args=["inconnu"])).status_code == 429
