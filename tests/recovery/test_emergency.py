"""Pupils' emergency access: the request, its limits, and the secretariat's queue in the admin."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.models import AuditEvent, User
from activation.models import LetterBatch
from recovery.models import EmergencyAccessRequest
from tests.factories import DivisionFactory, EstablishmentFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("recovery:emergency_access")
SENT = reverse("recovery:emergency_sent")
QUEUE = reverse("admin:recovery_emergencyaccessrequest_changelist")


@pytest.fixture
def dylan(establishment):
    account = UserFactory(username="d.martin", profile=User.Profile.ELEVE)
    return PupilFactory(
        establishment=establishment,
        last_name="MARTIN",
        first_name="Dylan",
        birth_date=datetime.date(2013, 5, 17),
        account=account,
        division=DivisionFactory(establishment=establishment, code="5 B"),
    )


@pytest.fixture
def referent(establishment):
    user = UserFactory(
        username="r.lamy",
        profile=User.Profile.PERSONNEL,
        establishment=establishment,
        is_staff=True,
    )
    group, _ = Group.objects.get_or_create(name="Référent numérique")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["recovery", "activation"])
    )
    user.groups.add(group)
    return user


def ask(client, establishment, **overrides):
    data = {
        "establishment": establishment.uai,
        "last_name": "Martin",
        "first_name": "dylan",
        "division_label": "5B",
        "birth_date": "17/05/2013",
        "message": "J'ai perdu mon courrier.",
    }
    data.update(overrides)
    return client.post(URL, data)


def test_login_page_links_to_the_emergency_access(client):
    page = client.get(reverse("portal:login_educonnect")).content.decode()
    assert f'href="{URL}"' in page and "Accès de secours" in page


def test_request_reaches_the_queue_with_the_pupil_recognised(client, establishment, dylan):
    response = ask(client, establishment)
    assert response["Location"] == SENT
    assert "Ta demande a été transmise" in client.get(SENT).content.decode()
    request = EmergencyAccessRequest.objects.get()
    assert request.pupil == dylan and request.status == EmergencyAccessRequest.Status.OPEN
    assert AuditEvent.objects.filter(
        action="educonnect.emergency_requested", target_id=str(request.pk)
    ).exists()


def test_unknown_pupil_gets_the_same_answer(client, establishment, dylan):
    known = ask(client, establishment)
    unknown = ask(client, establishment, last_name="Inconnu", birth_date="01/01/2012")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert EmergencyAccessRequest.objects.filter(pupil__isnull=True).count() == 1


def test_bad_input_changes_nothing(client, establishment):
    response = ask(client, establishment, birth_date="31/02/2013", last_name="")
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "Saisissez la date de naissance au format jj/mm/aaaa." in text
        and "Ton nom est obligatoire." in text
    )
    assert not EmergencyAccessRequest.objects.exists()


def test_requests_are_rate_limited_per_ip(client, establishment, dylan):
    for _ in range(5):
        assert ask(client, establishment).status_code == 302
    response = ask(client, establishment)
    assert response.status_code == 200 and "Trop de demandes" in response.content.decode()
    assert EmergencyAccessRequest.objects.count() == 5


def test_queue_is_scoped_to_the_staff_establishment(client, establishment, dylan, referent):
    other_school = EstablishmentFactory(uai="0869999Z", name="Collège Ailleurs")
    ask(client, establishment)
    EmergencyAccessRequest.objects.create(
        establishment=other_school,
        last_name="Autre",
        first_name="Élève",
        division_label="4 A",
        birth_date=datetime.date(2012, 1, 1),
    )
    client.force_login(referent)
    response = client.get(QUEUE)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Martin" in text and "Autre" not in text
    foreign = EmergencyAccessRequest.objects.get(establishment=other_school)
    assert client.get(
        reverse("admin:recovery_emergencyaccessrequest_change", args=[foreign.pk])
    ).status_code in (302, 403, 404)


def test_queue_costs_a_fixed_number_of_queries(client, establishment, referent):
    client.force_login(referent)
    client.get(QUEUE)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        return len(queries)

    for index in range(2):
        pupil = PupilFactory(
            establishment=establishment, account=UserFactory(profile=User.Profile.ELEVE)
        )
        EmergencyAccessRequest.objects.create(
            establishment=establishment,
            pupil=pupil,
            last_name=f"N{index}",
            first_name="P",
            division_label="5 B",
            birth_date=datetime.date(2013, 1, 1),
        )
    few = count_queries()
    for index in range(5):
        pupil = PupilFactory(
            establishment=establishment, account=UserFactory(profile=User.Profile.ELEVE)
        )
        EmergencyAccessRequest.objects.create(
            establishment=establishment,
            pupil=pupil,
            last_name=f"M{index}",
            first_name="P",
            division_label="5 B",
            birth_date=datetime.date(2013, 1, 1),
        )
    assert count_queries() == few


def test_reset_action_reissues_a_letter_and_resolves(
    client, establishment, dylan, referent, django_capture_on_commit_callbacks
):
    ask(client, establishment)
    ask(client, establishment, last_name="Inconnu")
    recognised = EmergencyAccessRequest.objects.get(pupil=dylan)
    unknown = EmergencyAccessRequest.objects.get(pupil__isnull=True)
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            QUEUE,
            {"action": "reset_accounts", "_selected_action": [recognised.pk, unknown.pk]},
            follow=True,
        )
    text = response.content.decode()
    assert "1 demande traitée :" in text and "1 demande non traitée :" in text
    recognised.refresh_from_db()
    unknown.refresh_from_db()
    assert (
        recognised.status == EmergencyAccessRequest.Status.RESOLVED
        and recognised.resolved_by == referent
    )
    assert unknown.status == EmergencyAccessRequest.Status.OPEN
    batch = LetterBatch.objects.get()
    assert batch.scope == LetterBatch.Scope.RESET and batch.reset_pairs == [
        [dylan.account_id, dylan.pk, None]
    ]
    assert AuditEvent.objects.filter(
        action="educonnect.emergency_resolved", actor=referent
    ).exists()


def test_reject_action(client, establishment, dylan, referent):
    ask(client, establishment)
    request = EmergencyAccessRequest.objects.get()
    client.force_login(referent)
    client.post(QUEUE, {"action": "reject", "_selected_action": [request.pk]})
    request.refresh_from_db()
    assert request.status == EmergencyAccessRequest.Status.REJECTED
    assert AuditEvent.objects.filter(action="educonnect.emergency_rejected").exists()


VOUS = re.compile(r"\b(vous|votre|vos)\b", re.IGNORECASE)


@pytest.mark.parametrize("url", [URL, SENT])
def test_the_pupil_is_addressed_as_tu_from_the_request_to_its_confirmation(client, url):
    html = client.get(url).content.decode()
    panel = html[html.index("<h1") : html.index("</main>")]
    assert not VOUS.findall(panel), panel
