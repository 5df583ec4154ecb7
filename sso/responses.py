"""The bodies of the CAS validation answers: CAS 1.0 text, CAS 2.0/3.0 XML or JSON, SAML 1.1."""

from __future__ import annotations

import datetime
import re
import secrets
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse, JsonResponse

from .services import TicketValidation

CAS_NAMESPACE = "http://www.yale.edu/tp/cas"
# An attribute name becomes an XML element name: anything else is left out.
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
SAML_ATTRIBUTE_NAMESPACE = "http://www.ja-sig.org/products/cas/"


def _attributes(result: TicketValidation) -> dict[str, list[str]]:
    return {name: values for name, values in result.attributes.items() if _XML_NAME.match(name)}


def cas1_response(result: TicketValidation) -> HttpResponse:
    body = f"yes\n{result.username}\n" if result.ok else "no\n\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def service_response(result: TicketValidation, *, as_json: bool) -> HttpResponse:
    if as_json:
        if result.ok:
            payload: dict = {
                "authenticationSuccess": {
                    "user": result.username,
                    "attributes": _attributes(result),
                }
            }
        else:
            payload = {
                "authenticationFailure": {
                    "code": result.failure_code,
                    "description": str(result.failure_message),
                }
            }
        return JsonResponse({"serviceResponse": payload}, json_dumps_params={"ensure_ascii": False})
    if result.ok:
        values = "".join(
            f"<cas:{name}>{escape(value)}</cas:{name}>"
            for name, items in _attributes(result).items()
            for value in items
        )
        body = (
            "<cas:authenticationSuccess>"
            f"<cas:user>{escape(result.username)}</cas:user>"
            f"<cas:attributes>{values}</cas:attributes>"
            "</cas:authenticationSuccess>"
        )
    else:
        body = (
            f"<cas:authenticationFailure code={quoteattr(result.failure_code)}>"
            f"{escape(str(result.failure_message))}</cas:authenticationFailure>"
        )
    xml = f'<cas:serviceResponse xmlns:cas="{CAS_NAMESPACE}">{body}</cas:serviceResponse>\n'
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


def _instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def saml_response(
    result: TicketValidation, *, target: str, issuer: str, now: datetime.datetime
) -> HttpResponse:
    """A SAML 1.1 ``Response`` in a SOAP envelope, as CAS servers answer ``/samlValidate``."""
    response_id = f"_{secrets.token_hex(16)}"
    if result.ok:
        status = '<samlp:Status><samlp:StatusCode Value="samlp:Success"/></samlp:Status>'
        subject = (
            f"<saml:Subject><saml:NameIdentifier>{escape(result.username)}</saml:NameIdentifier>"
            "<saml:SubjectConfirmation><saml:ConfirmationMethod>"
            "urn:oasis:names:tc:SAML:1.0:cm:artifact"
            "</saml:ConfirmationMethod></saml:SubjectConfirmation></saml:Subject>"
        )
        attributes = "".join(
            f"<saml:Attribute AttributeName={quoteattr(name)} "
            f'AttributeNamespace="{SAML_ATTRIBUTE_NAMESPACE}">'
            + "".join(f"<saml:AttributeValue>{escape(v)}</saml:AttributeValue>" for v in values)
            + "</saml:Attribute>"
            for name, values in _attributes(result).items()
        )
        until = now + datetime.timedelta(seconds=30)
        authenticated = result.authenticated_at or now
        assertion = (
            f'<saml:Assertion AssertionID="_{secrets.token_hex(16)}" '
            f'IssueInstant="{_instant(now)}" Issuer={quoteattr(issuer)} '
            'MajorVersion="1" MinorVersion="1">'
            f'<saml:Conditions NotBefore="{_instant(now)}" NotOnOrAfter="{_instant(until)}">'
            "<saml:AudienceRestrictionCondition>"
            f"<saml:Audience>{escape(target)}</saml:Audience>"
            "</saml:AudienceRestrictionCondition></saml:Conditions>"
            f"<saml:AttributeStatement>{subject}{attributes}</saml:AttributeStatement>"
            f'<saml:AuthenticationStatement AuthenticationInstant="{_instant(authenticated)}" '
            'AuthenticationMethod="urn:oasis:names:tc:SAML:1.0:am:password">'
            f"{subject}</saml:AuthenticationStatement></saml:Assertion>"
        )
    else:
        code = "samlp:Requester" if result.failure_code == "INVALID_REQUEST" else "samlp:Responder"
        status = (
            f'<samlp:Status><samlp:StatusCode Value="{code}"/>'
            f"<samlp:StatusMessage>{escape(result.failure_code)}: "
            f"{escape(str(result.failure_message))}</samlp:StatusMessage></samlp:Status>"
        )
        assertion = ""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">'
        "<SOAP-ENV:Header/><SOAP-ENV:Body>"
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:1.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" '
        f'IssueInstant="{_instant(now)}" MajorVersion="1" MinorVersion="1" '
        f'Recipient={quoteattr(target)} ResponseID="{response_id}">'
        f"{status}{assertion}</samlp:Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
    return HttpResponse(xml, content_type="text/xml; charset=utf-8")


def saml_artifact(body: bytes) -> str | None:
    """The ticket of a ``/samlValidate`` request (``samlp:AssertionArtifact``), or ``None``."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return None
    node = root.find(".//{urn:oasis:names:tc:SAML:1.0:protocol}AssertionArtifact")
    if node is None or not node.text:
        return None
    return node.text.strip()
