"""Single logout: which tickets are told, the request sent, retries."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from core.retention import sweep_daily
from sso import services
from sso.models import ServiceTicket
from sso.services import logout_request_body, single_logout_send

from .conftest import PRONOTE, logged_in, login_ticket, validate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded_data")]


@pytest.fixture
def sent(monkeypatch):
    """The logout requests the task would POST, recorded instead of sent (the real sending is
    tested with a real service in test_cas_client)."""
    calls = []

    def fake_send(*, ticket_id, now=None):
        calls.append(ticket_id)
        ServiceTicket.objects.filter(pk=ticket_id).update(logout_sent_at=timezone.now())
        return True

    monkeypatch.setattr("sso.tasks.single_logout_send", fake_send)
    return calls


def test_only_validated_tickets_of_the_session_are_logged_out(sent, teacher, pronote):
    first, second = logged_in(teacher), logged_in(teacher)
    validated = login_ticket(first)
    validate(PRONOTE, validated)
    login_ticket(first)  # never validated: the service has no session to end
    validate(PRONOTE, login_ticket(second))
    first.post(reverse("account_logout"))
    (told,) = ServiceTicket.objects.filter(logout_requested_at__isnull=False)
    assert told.session_index == validated
    assert sent == [told.pk]


def test_no_logout_request_to_a_service_without_single_logout(sent, teacher, pronote):
    pronote.single_logout = False
    pronote.save()
    client = logged_in(teacher)
    validate(PRONOTE, login_ticket(client))
    client.post(reverse("account_logout"))
    assert sent == []


def test_logout_everywhere_tells_every_session_once(sent, teacher, pronote):
    first, second = logged_in(teacher), logged_in(teacher)
    validate(PRONOTE, login_ticket(first))
    validate(PRONOTE, login_ticket(second))
    first.post(reverse("portal:logout_everywhere"))
    assert len(sent) == 2


def test_the_logout_request_names_the_ticket():
    body = logout_request_body("ST-abc<", timezone.now())
    assert "<samlp:SessionIndex>ST-abc&lt;</samlp:SessionIndex>" in body
    assert 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"' in body


def test_an_unreachable_service_is_retried(teacher, pronote):
    client = logged_in(teacher)
    validate(PRONOTE, login_ticket(client))
    ticket = ServiceTicket.objects.get()
    ticket.logout_requested_at = timezone.now()
    ticket.service_url = "http://127.0.0.1:1/app/"  # nothing listens there
    ticket.save()
    with pytest.raises(services.SingleLogoutFailed):
        single_logout_send(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.logout_sent_at is None
    from sso.tasks import send_single_logout

    with (
        mock.patch.object(send_single_logout, "retry", side_effect=RuntimeError("retry")) as retry,
        mock.patch.object(send_single_logout.request, "is_eager", False, create=True),
        pytest.raises(RuntimeError),
    ):
        send_single_logout.run(ticket.pk)
    assert retry.called


def test_the_daily_sweep_forgets_expired_and_logged_out_tickets(teacher, pronote):
    client = logged_in(teacher)
    validate(PRONOTE, login_ticket(client))  # validated, session alive: kept for its logout
    login_ticket(client)  # never validated
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert sweep_daily(now=later)["tickets_cas"] == 1
    assert ServiceTicket.objects.filter(validated_at__isnull=False).count() == 1
    ServiceTicket.objects.update(logout_sent_at=timezone.now())
    assert sweep_daily(now=later)["tickets_cas"] == 1
    assert not ServiceTicket.objects.exists()
