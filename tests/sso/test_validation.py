"""Ticket validation: CAS 1.0, 2.0, 3.0 (XML and JSON), SAML 1.1, and the error codes."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from sso.models import RegisteredService, ServiceTicket

from .conftest import (
    CAS,
    PRONOTE,
    failure_code,
    logged_in,
    login_ticket,
    validate,
)

pytestmark = pytest.mark.django_db


def test_service_ticket_is_single_use(teacher, pronote):
    ticket = login_ticket(logged_in(teacher))
    assert validate(PRONOTE, ticket).find(f"{CAS}authenticationSuccess") is not None
    assert failure_code(validate(PRONOTE, ticket)) == "INVALID_TICKET"


def test_service_ticket_for_another_service_fails_and_is_spent(teacher, pronote):
    ticket = login_ticket(logged_in(teacher))
    assert failure_code(validate("https://evil.example/", ticket)) == "INVALID_SERVICE"
    assert failure_code(validate(PRONOTE, ticket)) == "INVALID_TICKET"


def test_service_ticket_is_bound_to_the_exact_service_url(teacher, pronote):
    ticket = login_ticket(logged_in(teacher), PRONOTE + "parent.html")
    assert failure_code(validate(PRONOTE + "eleve.html", ticket)) == "INVALID_SERVICE"


def test_ticket_is_refused_once_expired(teacher, pronote, settings, time_machine=None):
    import datetime

    from django.utils import timezone

    from sso.services import service_ticket_validate

    ticket = login_ticket(logged_in(teacher))
    result = service_ticket_validate(
        ticket=ticket,
        service_url=PRONOTE,
        now=timezone.now() + datetime.timedelta(seconds=11),
    )
    assert not result.ok and result.failure_code == "INVALID_TICKET"
    assert "expiré" in str(result.failure_message)


def test_ticket_validity_is_a_setting(teacher, pronote, settings):
    settings.CAS_TICKET_VALIDITY = 3
    login_ticket(logged_in(teacher))
    issued = ServiceTicket.objects.get()
    assert (issued.expires_at - issued.created_at).total_seconds() == 3


def test_tickets_are_stored_hashed(teacher, pronote):
    import hashlib

    ticket = login_ticket(logged_in(teacher))
    issued = ServiceTicket.objects.get()
    assert issued.ticket_hash == hashlib.sha256(ticket.encode()).hexdigest()
    assert issued.session_index == ""
    assert not ServiceTicket.objects.filter(ticket_hash=ticket).exists()


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "INVALID_REQUEST"),
        ({"service": PRONOTE}, "INVALID_REQUEST"),
        ({"ticket": "ST-x"}, "INVALID_REQUEST"),
        ({"service": PRONOTE, "ticket": "PT-x"}, "INVALID_TICKET_SPEC"),
        ({"service": PRONOTE, "ticket": "ST-unknown"}, "INVALID_TICKET"),
    ],
)
def test_service_validate_rejects_malformed_requests(params, code):
    from defusedxml import ElementTree

    response = Client().get(reverse("sso:cas_service_validate"), params)
    assert failure_code(ElementTree.fromstring(response.content)) == code


def test_validation_fails_when_the_profile_is_no_longer_allowed(teacher, pronote):
    ticket = login_ticket(logged_in(teacher))
    RegisteredService.objects.filter(pk=pronote.pk).update(profiles=[User.Profile.PARENT])
    assert failure_code(validate(PRONOTE, ticket)) == "UNAUTHORIZED_SERVICE"


def test_cas1_validate(teacher, pronote):
    ticket = login_ticket(logged_in(teacher))
    response = Client().get(reverse("sso:cas_validate"), {"service": PRONOTE, "ticket": ticket})
    assert response.content == b"yes\nj.prof\n"
    again = Client().get(reverse("sso:cas_validate"), {"service": PRONOTE, "ticket": ticket})
    assert again.content == b"no\n\n"


@pytest.mark.parametrize(
    "view", ["sso:cas_p3_service_validate", "sso:cas_proxy_validate", "sso:cas_p3_proxy_validate"]
)
def test_cas3_and_proxy_validate_answer_like_service_validate(teacher, pronote, view):
    ticket = login_ticket(logged_in(teacher))
    success = validate(PRONOTE, ticket, view=view, pgtUrl="https://evil.example/pgt").find(
        f"{CAS}authenticationSuccess"
    )
    assert success.findtext(f"{CAS}user") == "j.prof"
    # No proxy support: no proxy-granting ticket, whatever pgtUrl says.
    assert success.find(f"{CAS}proxyGrantingTicket") is None


def test_json_format(teacher, pronote):
    ticket = login_ticket(logged_in(teacher))
    response = Client().get(
        reverse("sso:cas_p3_service_validate"),
        {"service": PRONOTE, "ticket": ticket, "format": "JSON"},
    )
    assert response["Content-Type"].startswith("application/json")
    success = json.loads(response.content)["serviceResponse"]["authenticationSuccess"]
    assert success["user"] == "j.prof"
    assert success["attributes"]["categories"] == ["National_3"]
    again = Client().get(
        reverse("sso:cas_p3_service_validate"),
        {"service": PRONOTE, "ticket": ticket, "format": "json"},
    )
    failure = json.loads(again.content)["serviceResponse"]["authenticationFailure"]
    assert failure["code"] == "INVALID_TICKET"


def test_saml_validate(teacher, pronote):
    from defusedxml import ElementTree

    ticket = login_ticket(logged_in(teacher))
    body = (
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">'
        '<SOAP-ENV:Body><samlp:Request xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" '
        'MajorVersion="1" MinorVersion="1" RequestID="_1" IssueInstant="2026-01-01T00:00:00Z">'
        f"<samlp:AssertionArtifact>{ticket}</samlp:AssertionArtifact></samlp:Request>"
        "</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
    url = reverse("sso:cas_saml_validate") + "?TARGET=" + PRONOTE
    response = Client(enforce_csrf_checks=True).post(url, body, content_type="text/xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    saml = "{urn:oasis:names:tc:SAML:1.0:assertion}"
    samlp = "{urn:oasis:names:tc:SAML:1.0:protocol}"
    assert root.find(f".//{samlp}StatusCode").get("Value") == "samlp:Success"
    assert root.find(f".//{saml}NameIdentifier").text == "j.prof"
    names = {a.get("AttributeName") for a in root.iter(f"{saml}Attribute")}
    assert names == {"nom", "prenom", "categories"}
    again = Client().post(url, body, content_type="text/xml")
    assert "INVALID_TICKET" in again.content.decode()
    garbage = Client().post(url, b"<not-xml", content_type="text/xml")
    assert "samlp:Requester" in garbage.content.decode()
