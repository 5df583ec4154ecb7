"""The appel: one screen, everybody present by default, one transaction; the same slot again
edits it, never duplicates its events."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from tests.portal.test_dashboard import session_queries
from vie_scolaire.models import Event, FamilyNotice, RollCall
from vie_scolaire.services import Mark, roll_call_take

from .conftest import a_school_day, add_pupils, role

pytestmark = pytest.mark.django_db


def _url(ns, day, start="08:00", end="09:00"):
    query = f"?jour={day.isoformat()}&debut={start}&fin={end}"
    return reverse("vie_scolaire:roll_call", args=[ns.service.pk]) + query


def test_a_teacher_takes_the_appel_in_one_screen(client, school):
    day = a_school_day()
    client.force_login(school.teacher)
    page = client.get(_url(school, day)).content.decode()
    assert "Tout le monde est présent par défaut" in page
    assert "MARTIN Dylan" in page and page.count('value="present" checked') == 5
    late = school.classmates[0]
    response = client.post(
        _url(school, day),
        {
            f"statut_{school.child.pk}": "absent",
            f"statut_{late.pk}": "retard",
            f"minutes_{late.pk}": "10",
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Appel enregistré : 1 absent, 1 retard, 5 élèves appelés." in page
    assert "Appel déjà fait" in page, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[-1500:]
    absence = Event.objects.get(kind=Event.Kind.ABSENCE)
    assert absence.pupil == school.child and absence.status == Event.State.UNEXPLAINED
    assert absence.half_days == 1 and absence.hours == 1
    assert Event.objects.get(kind=Event.Kind.RETARD).minutes == 10
    assert AuditEvent.objects.filter(action="vie_scolaire.roll_call").count() == 1
    assert FamilyNotice.objects.filter(pupil=school.child).count() == 1


def test_the_same_slot_again_edits_and_never_duplicates(school):
    day = a_school_day()
    args = {
        "role": role(school.teacher),
        "actor": school.teacher,
        "service_id": school.service.pk,
        "day": day,
        "starts_at": datetime.time(8),
        "ends_at": datetime.time(9),
    }
    first, second = school.classmates[:2]
    roll_call_take(**args, marks={first.pk: Mark("absent"), second.pk: Mark("absent")})
    absence_id = Event.objects.get(pupil=first).pk
    # First pupil still absent, the second was there after all, the child came late.
    roll_call_take(**args, marks={first.pk: Mark("absent"), school.child.pk: Mark("retard", 5)})
    assert RollCall.objects.count() == 1
    assert list(Event.objects.values_list("pupil_id", "kind").order_by("pupil_id")) == sorted(
        [(first.pk, "absence"), (school.child.pk, "retard")]
    )
    assert Event.objects.get(pupil=first).pk == absence_id  # kept, not recreated


def test_an_appel_of_30_is_one_transaction_in_the_same_queries_as_5(school):
    day = a_school_day()

    def take(marks):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            roll_call_take(
                role=role(school.teacher),
                actor=school.teacher,
                service_id=school.service.pk,
                day=day,
                starts_at=datetime.time(10),
                ends_at=datetime.time(11),
                marks=marks,
            )
            elapsed = time.perf_counter() - started
        return len(queries), elapsed

    small, _ = take({school.classmates[0].pk: Mark("absent")})
    RollCall.objects.all().delete()
    Event.objects.all().delete()
    pupils = add_pupils(school.division, 25, start=100)
    big, elapsed = take(
        {p.pk: Mark("absent") for p in pupils[:5]} | {pupils[6].pk: Mark("retard", 3)}
    )
    assert small == big
    assert Event.objects.count() == 6
    assert elapsed < 0.1, f"appel de 30 : {elapsed * 1000:.0f} ms"


def test_a_teacher_who_does_not_teach_the_class_gets_404_and_a_french_refusal(client, school):
    day = a_school_day()
    client.force_login(school.other_teacher)
    assert client.get(_url(school, day)).status_code == 404
    assert client.post(_url(school, day), {}).status_code == 404
    with pytest.raises(ValidationError, match="Vous n'enseignez pas dans cette classe"):
        roll_call_take(
            role=role(school.other_teacher),
            actor=school.other_teacher,
            service_id=school.service.pk,
            day=day,
            starts_at=datetime.time(8),
            ends_at=datetime.time(9),
            marks={},
        )
    # The start form says it in French too.
    page = client.get(
        reverse("vie_scolaire:roll_call_start"),
        {"service": school.service.pk, "jour": day.isoformat(), "debut": "08:00", "fin": "09:00"},
    ).content.decode()
    assert "Vous n&#x27;enseignez pas dans cette classe" in page
    assert not RollCall.objects.exists()


def test_bad_appels_write_nothing(client, school):
    client.force_login(school.teacher)
    out_of_year = datetime.date(2019, 10, 7)
    page = client.post(_url(school, out_of_year), {f"statut_{school.child.pk}": "absent"})
    assert page.status_code == 400
    assert "n&#x27;est pas dans l&#x27;année scolaire" in page.content.decode()
    day = a_school_day()
    page = client.post(_url(school, day, "10:00", "09:00"), {})
    assert "L&#x27;heure de fin du cours doit être après" in page.content.decode()
    page = client.post(_url(school, day), {f"statut_{school.child.pk}": "retard"})
    assert "Indiquez de combien de minutes Dylan est en retard." in page.content.decode()
    assert not RollCall.objects.exists() and not Event.objects.exists()


def test_the_appel_screen_costs_the_same_queries_for_5_or_30_pupils(
    client, school, django_assert_num_queries
):
    day = a_school_day()
    client.force_login(school.teacher)
    client.get(_url(school, day))
    # session, user, school_role (staff, services, main classes), service, pupils, roll call
    with django_assert_num_queries(session_queries() + 7):
        client.get(_url(school, day))
    add_pupils(school.division, 25, start=200)
    with django_assert_num_queries(session_queries() + 7):
        assert client.get(_url(school, day)).status_code == 200
