"""Events recorded by the vie scolaire team and the teachers' observations: the desk lists and
filters the establishment's events; every change is audited; bad input writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import PupilFactory
from vie_scolaire.models import Event
from vie_scolaire.services import event_update

from .conftest import a_school_day, absence, role

pytestmark = pytest.mark.django_db


def _new(kind):
    return reverse("vie_scolaire:event_new") + f"?type={kind}"


def test_the_cpe_records_each_kind_of_event(client, school):
    day = a_school_day().isoformat()
    client.force_login(school.cpe)
    posts = {
        "absence": {"fin_jour": day, "fin_heure": "17:30", "motive": school.motives["Maladie"].pk},
        "retard": {"minutes": "12", "justified": "on"},
        "punition": {
            "nature": "retenue",
            "text": "Insolence",
            "work_to_do": "Rédaction",
            "given_by": school.teacher_member.pk,
        },
        "observation": {"genre": "encouragement", "text": "Beaux progrès"},
    }
    for kind, data in posts.items():
        response = client.post(
            _new(kind), {"eleve": school.child.pk, "jour": day, "heure": "08:00", **data}
        )
        assert response.status_code == 302, response.content.decode()[-3000:]
    kinds = dict(Event.objects.values_list("kind", "pk"))
    assert set(kinds) == {"absence", "retard", "punition", "encouragement"}
    full_day = Event.objects.get(kind="absence")
    assert (full_day.half_days, full_day.hours) == (2, 10)
    assert AuditEvent.objects.filter(action="vie_scolaire.event_created").count() == 4
    desk = client.get(reverse("vie_scolaire:desk")).content.decode()
    assert "4 évènements" in desk and "Retenue" in desk
    filtered = client.get(reverse("vie_scolaire:desk"), {"type": "retard"}).content.decode()
    assert "1 évènement" in filtered


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"jour": "2019-10-07", "fin_jour": "2019-10-07"},
            "n&#x27;est pas dans l&#x27;année scolaire",
        ),
        (
            {"heure": "10:00", "fin_heure": "09:00"},
            "La fin de l&#x27;absence doit être après son début.",
        ),
    ],
)
def test_bad_absences_get_a_french_message_and_write_nothing(client, school, data, message):
    day = a_school_day().isoformat()
    client.force_login(school.cpe)
    post = {"eleve": school.child.pk, "jour": day, "heure": "08:00", "fin_jour": day,
            "fin_heure": "12:00", **data}  # fmt: skip
    response = client.post(_new("absence"), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists() and not AuditEvent.objects.exists()


def test_the_state_follows_the_rules_and_each_change_is_audited(school):
    event = absence(school)
    cpe = role(school.cpe)
    event_update(role=cpe, actor=school.cpe, event=event, data={"status": "justifiee"})
    event_update(role=cpe, actor=school.cpe, event=event, data={"status": "reglee"})
    with pytest.raises(ValidationError, match="ne peut pas passer de l'état « Réglée »"):
        event_update(role=cpe, actor=school.cpe, event=event, data={"status": "non_motivee"})
    changes = AuditEvent.objects.filter(action="vie_scolaire.event_changed")
    assert [c.details["status"] for c in changes.order_by("created_at", "pk")] == [
        ["non_motivee", "justifiee"],
        ["justifiee", "reglee"],
    ]


def test_a_teacher_writes_observations_for_the_pupils_they_teach_only(client, school):
    day = a_school_day().isoformat()
    stranger = PupilFactory(establishment=school.school)
    client.force_login(school.teacher)
    page = client.get(_new("observation")).content.decode()
    assert "MARTIN Dylan" in page and stranger.last_name not in page
    response = client.post(
        _new("observation"),
        {"eleve": stranger.pk, "jour": day, "heure": "10:00", "genre": "observation", "text": "x"},
    )
    assert "Cet élève n&#x27;est pas dans vos classes ou groupes." in response.content.decode()
    response = client.post(
        _new("observation"),
        {
            "eleve": school.child.pk,
            "jour": day,
            "heure": "10:00",
            "genre": "observation",
            "text": "Bavardages",
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert Event.objects.get().given_by.account == school.teacher
    # Absences are the vie scolaire's: a teacher records them through the appel.
    assert client.get(_new("absence")).status_code == 403
    event = Event.objects.get()
    assert client.get(reverse("vie_scolaire:event_edit", args=[event.pk])).status_code == 404


def test_families_and_other_staff_are_sent_away_from_the_desk(client, school):
    client.force_login(school.parent)
    assert client.get(reverse("vie_scolaire:desk")).status_code == 403
    client.force_login(school.principal)
    assert client.get(reverse("vie_scolaire:desk")).status_code == 200


def test_the_desk_costs_the_same_queries_for_a_week_or_a_year(
    client, school, django_assert_num_queries
):
    from tests.portal.test_dashboard import session_queries

    absence(school)
    client.force_login(school.cpe)
    url = reverse("vie_scolaire:desk")
    client.get(url)
    # session, user, school_role (staff, services, main classes), count, page, pending, classes
    with django_assert_num_queries(session_queries() + 8):
        client.get(url)
    _many_events(school, 1500)
    with django_assert_num_queries(session_queries() + 8):
        assert client.get(url, {"page": "3"}).status_code == 200


def _many_events(ns, count):
    import datetime

    from django.utils import timezone

    from core.schoolyear import current_school_year

    start = timezone.now() - datetime.timedelta(days=60)
    Event.objects.bulk_create(
        Event(
            establishment=ns.school,
            pupil=ns.child,
            kind=("absence", "retard", "observation")[i % 3],
            school_year=current_school_year(),
            starts_at=start + datetime.timedelta(hours=i),
            ends_at=start + datetime.timedelta(hours=i + 1),
            status="non_motivee" if i % 3 == 0 else "",
            minutes=5,
            text="Observation",
            motive=ns.motives["Maladie"],
        )
        for i in range(count)
    )
