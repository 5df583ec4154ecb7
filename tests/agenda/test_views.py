"""The agenda's pages: month and week (fixed queries whatever the number of events), an event's
page, the forms (bad input: a French message, nothing written), the establishment's events
written by the direction and the vie scolaire only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from agenda.models import Audience, PersonalEvent, SchoolEvent
from tests.agenda.conftest import login, make_event, make_personal
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

MONTH = reverse("agenda:month")
WEEK = reverse("agenda:week")


def _text(response) -> str:
    return response.content.decode()


def _fill(world, n: int) -> None:
    for index in range(n):
        make_event(world["a"], f"Commun {index}", days=index % 20)
        make_event(world["a"], f"Classe {index}", Audience.DIVISION, division=world["4 B"],
                   days=index % 20)  # fmt: skip
        make_personal(world["parent"], f"Perso {index}", days=index % 20,
                      start_time=datetime.time(9), end_time=datetime.time(10))  # fmt: skip


@pytest.mark.parametrize("n", [1, 8])
def test_month_and_week_cost_fixed_queries(world, n, django_assert_num_queries):
    _fill(world, n)
    client = login(world["parent"])
    client.get(MONTH)
    # (session,) user, the family's role, the establishment events, the personal events.
    with django_assert_num_queries(session_queries() + 4):
        response = client.get(MONTH)
    page = _text(response)
    assert page.count("Perso ") >= n
    with django_assert_num_queries(session_queries() + 4):
        response = client.get(WEEK)
    assert "Perso 0" in _text(response)


def test_staff_month_queries_are_fixed(world, django_assert_num_queries):
    _fill(world, 3)
    client = login(world["direction"])
    client.get(MONTH)
    # (session,) user, the staff role (membership, services, main classes), two event reads.
    with django_assert_num_queries(session_queries() + 6):
        client.get(MONTH)


def test_the_month_is_an_accessible_table_with_today_marked(world):
    today = timezone.localdate()
    make_personal(world["parent"], "Dentiste", days=0)
    page = _text(login(world["parent"]).get(MONTH))
    assert "<caption>" in page and 'scope="col"' in page
    assert page.count('aria-current="date"') == 1
    assert "Dentiste" in page
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    following = (today.replace(day=28) + datetime.timedelta(days=5)).strftime("%Y-%m")
    assert f"?mois={previous}" in page and f"?mois={following}" in page
    # The small screens' list of the busy days.
    assert "agenda-month-list" in page


def test_another_month_and_bad_parameters(world):
    make_personal(world["parent"], "Loin", starts_on=datetime.date(2026, 3, 10),
                  ends_on=datetime.date(2026, 3, 12))  # fmt: skip
    client = login(world["parent"])
    page = _text(client.get(MONTH, {"mois": "2026-03"}))
    assert "mars 2026" in page and page.count("Loin") >= 3
    for bad in ("2026-13", "abc", "9999-01", "-1"):
        assert client.get(MONTH, {"mois": bad}).status_code == 200
    for bad in ("2026-02-30", "x", "1200-01-01"):
        assert client.get(WEEK, {"jour": bad}).status_code == 200
    week = _text(client.get(WEEK, {"jour": "2026-03-11"}))
    assert "Semaine du 9 mars au 15 mars 2026" in week and week.count("Loin") == 3


def test_a_parent_creates_edits_and_deletes_a_personal_event(world):
    client = login(world["parent"])
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        reverse("agenda:personal_create"),
        {"title": "Dentiste", "starts_on": day.isoformat(), "start_time": "17:00",
         "end_time": "17:30", "place": "Cabinet", "notes": "Carnet de santé"},
    )  # fmt: skip
    event = PersonalEvent.objects.get()
    assert response.status_code == 302
    assert (event.owner, event.ends_on, event.end_time) == (
        world["parent"],
        day,
        datetime.time(17, 30),
    )
    page = _text(client.get(reverse("agenda:personal_event", args=[event.pk])))
    assert "Dentiste" in page and "Carnet de santé" in page and "de 17:00 à 17:30" in page
    client.post(
        reverse("agenda:personal_edit", args=[event.pk]),
        {"title": "Orthodontiste", "starts_on": day.isoformat(), "all_day": "on"},
    )
    event.refresh_from_db()
    assert (event.title, event.start_time, event.all_day) == ("Orthodontiste", None, True)
    assert client.post(reverse("agenda:personal_delete", args=[event.pk])).status_code == 302
    assert not PersonalEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="agenda.").exists()


BAD_INPUT = [
    ({"title": "", "all_day": "on"}, "Donnez un titre à l'évènement."),
    ({"title": "   ", "all_day": "on"}, "Donnez un titre à l'évènement."),
    ({"title": "Sans heure"}, "Indiquez l'heure de début et l'heure de fin"),
    ({"title": "À l'envers", "start_time": "18:00", "end_time": "17:00"},
     "La fin de l'évènement doit venir après son début."),
    ({"title": "Veille", "all_day": "on", "ends_on": "YESTERDAY"},
     "La fin de l'évènement doit venir après son début."),
    ({"title": "Trop tôt", "all_day": "on", "starts_on": "1900-01-01"}, "Choisissez une date entre"),
    ({"title": "Trop tard", "all_day": "on", "starts_on": "2999-01-01"}, "Choisissez une date entre"),
    ({"title": "Pas une date", "all_day": "on", "starts_on": "31/02/2026"},
     "Saisissez une date au format jj/mm/aaaa."),
    ({"title": "Pas une heure", "start_time": "25:00", "end_time": "26:00"},
     "Saisissez une heure au format hh:mm."),
    ({"title": "Trop long", "all_day": "on", "ends_on": "IN_100_DAYS"}, "au plus 92 jours"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), BAD_INPUT)
def test_bad_input_says_why_in_french_and_writes_nothing(world, data, message):
    today = timezone.localdate()
    data = {"starts_on": today.isoformat(), **data}
    if data.get("ends_on") == "YESTERDAY":
        data["ends_on"] = (today - datetime.timedelta(days=1)).isoformat()
    if data.get("ends_on") == "IN_100_DAYS":
        data["ends_on"] = (today + datetime.timedelta(days=100)).isoformat()
    client = login(world["parent"])
    response = client.post(reverse("agenda:personal_create"), data)
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in _text(response)
    assert not PersonalEvent.objects.exists()
    client = login(world["cpe"])
    response = client.post(reverse("agenda:school_create"), {**data, "audience": Audience.SCHOOL})
    assert response.status_code == 200 and not SchoolEvent.objects.exists()


def test_the_vie_scolaire_publishes_an_event_for_a_class(world):
    client = login(world["cpe"])
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(
        reverse("agenda:school_create"),
        {"title": "Conseil de classe de 4 B", "starts_on": day.isoformat(), "start_time": "17:30",
         "end_time": "19:00", "audience": f"division:{world['4 B'].pk}",
         "description": "Ordre du jour <script>alert(1)</script> <b>bilan</b>"},
    )  # fmt: skip
    assert response.status_code == 302
    event = SchoolEvent.objects.get()
    assert event.division == world["4 B"] and event.establishment == world["a"]
    assert "<script>" not in event.description and "<b>bilan</b>" in event.description
    assert AuditEvent.objects.filter(action="agenda.event_created").count() == 1
    page = _text(login(world["parent"]).get(reverse("agenda:school_event", args=[event.pk])))
    assert "Conseil de classe de 4 B" in page and "La classe de 4 B" in page
    # Edited and deleted by the direction of the same school.
    client = login(world["direction"])
    client.post(
        reverse("agenda:school_edit", args=[event.pk]),
        {"title": "Conseil de 4 B (reporté)", "starts_on": day.isoformat(), "all_day": "on",
         "audience": "parents"},
    )  # fmt: skip
    event.refresh_from_db()
    assert (event.title, event.audience, event.division) == (
        "Conseil de 4 B (reporté)",
        "parents",
        None,
    )
    client.post(reverse("agenda:school_delete", args=[event.pk]))
    assert not SchoolEvent.objects.exists()
    assert AuditEvent.objects.filter(action="agenda.event_deleted").count() == 1


def test_a_class_of_another_school_is_refused(world):
    client = login(world["cpe"])
    response = client.post(
        reverse("agenda:school_create"),
        {"title": "Intrus", "starts_on": timezone.localdate().isoformat(), "all_day": "on",
         "audience": f"division:{world['B 4 B'].pk}"},
    )  # fmt: skip
    assert response.status_code == 200 and not SchoolEvent.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "parent", "pupil", "secretary"])
def test_only_direction_and_vie_scolaire_write_establishment_events(world, who):
    client = login(world[who])
    response = client.get(reverse("agenda:school_create"))
    assert response.status_code == 403
    assert "vie scolaire" in _text(response)
    post = client.post(reverse("agenda:school_create"), {"title": "x", "audience": "school"})
    assert post.status_code == 403 and not SchoolEvent.objects.exists()
    event = make_event(world["a"], "École")
    for name in ("agenda:school_edit", "agenda:school_delete"):
        assert client.post(reverse(name, args=[event.pk]), {"title": "pris"}).status_code == 404
    event.refresh_from_db()
    assert event.title == "École"


def test_another_schools_direction_cannot_touch_an_event(world):
    event = make_event(world["a"], "Portes ouvertes")
    client = login(world["direction_b"])
    for name in ("agenda:school_event", "agenda:school_edit", "agenda:school_delete"):
        assert client.get(reverse(name, args=[event.pk])).status_code == 404
    assert client.post(reverse("agenda:school_delete", args=[event.pk])).status_code == 404
    assert SchoolEvent.objects.filter(pk=event.pk).exists()
