"""Pupils' emergency access ("accès de secours"): a reset request for the référent numérique."""

from __future__ import annotations

import datetime
import html
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, User
from activation.services.letters import accounts_reset_request
from core import ratelimit, school_mail

from .. import messages as texts
from .. import selectors
from ..models import EmergencyAccessRequest


@transaction.atomic
def emergency_request_create(
    *,
    establishment: Establishment,
    last_name: str,
    first_name: str,
    division_label: str,
    birth_date: datetime.date,
    message: str = "",
    ip: str | None,
) -> EmergencyAccessRequest:
    """Records the request, with the pupil it designates if exactly one does. ``RateLimited``."""
    ratelimit.check(
        [
            ("emergency-ip-hour", ip, "emergency_per_ip_hour", ratelimit.HOUR),
            ("emergency-ip-day", ip, "emergency_per_ip_day", ratelimit.DAY),
        ]
    )
    pupil = selectors.pupil_for_emergency(
        establishment=establishment,
        last_name=last_name,
        first_name=first_name,
        division_label=division_label,
        birth_date=birth_date,
    )
    request = EmergencyAccessRequest(
        establishment=establishment,
        pupil=pupil,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        division_label=division_label.strip(),
        birth_date=birth_date,
        message=message.strip(),
        ip_address=ip,
    )
    request.full_clean()
    request.save()
    audit_record(
        action=AuditAction.EMERGENCY_REQUESTED,
        target=request,
        establishment=establishment,
        ip_address=ip,
        details={"pupil": pupil.pk if pupil else None},
    )
    _referents_tell(request)
    return request


def _referents_tell(request: EmergencyAccessRequest) -> None:
    """The référent numérique finds the request in Mes courriels too (``core.school_mail``: the
    mail app, above this one, posts it in this transaction)."""
    name = html.escape(f"{request.first_name} {request.last_name}")
    body = (
        f"<p>{name} (classe déclarée : {html.escape(request.division_label)}, né(e) le "
        f"{request.birth_date:%d/%m/%Y}) demande une réinitialisation de son compte par l'accès "
        "de secours.</p>"
        + (
            f"<blockquote><p>{html.escape(request.message)}</p></blockquote>"
            if request.message
            else ""
        )
        + "<p>La demande attend dans l'administration, rubrique « Demandes d'accès de secours ».</p>"
    )
    school_mail.post(
        recipient_ids=selectors.emergency_referent_ids(establishment=request.establishment),
        subject=f"Accès de secours : {request.first_name} {request.last_name}"[:200],
        body_html=body,
        establishment_id=request.establishment_id,
        sender_label="Accès de secours",
    )


@transaction.atomic
def emergency_requests_resolve(
    *, requests: Sequence[EmergencyAccessRequest], resolved_by: User, ip: str | None = None
) -> tuple[int, int]:
    """ "Réinitialiser le compte (nouveau courrier)": one reset batch per establishment for the
    pupils' accounts; the requests become resolved. Returns (resolved, skipped: no pupil account)."""
    usable: list[EmergencyAccessRequest] = []
    by_establishment: dict[int, tuple[EmergencyAccessRequest, list[User]]] = {}
    for request in requests:
        account = request.pupil.account if request.pupil else None
        if request.status != EmergencyAccessRequest.Status.OPEN or account is None:
            continue
        usable.append(request)
        by_establishment.setdefault(request.establishment_id, (request, []))[1].append(account)
    now = timezone.now()
    for first, accounts in by_establishment.values():
        accounts_reset_request(
            establishment=first.establishment, accounts=accounts, requested_by=resolved_by
        )
    if usable:
        EmergencyAccessRequest.objects.filter(pk__in=[r.pk for r in usable]).update(
            status=EmergencyAccessRequest.Status.RESOLVED, resolved_by=resolved_by, resolved_at=now
        )
    for request in usable:
        audit_record(
            action=AuditAction.EMERGENCY_RESOLVED,
            actor=resolved_by,
            target=request,
            establishment=request.establishment,
            ip_address=ip,
            details={"pupil": request.pupil_id},
        )
    return len(usable), len(requests) - len(usable)


@transaction.atomic
def emergency_requests_reject(
    *, requests: Sequence[EmergencyAccessRequest], resolved_by: User, ip: str | None = None
) -> int:
    open_requests = [r for r in requests if r.status == EmergencyAccessRequest.Status.OPEN]
    if not open_requests:
        raise ValidationError(texts.NOTHING_TO_PROCESS)
    EmergencyAccessRequest.objects.filter(pk__in=[r.pk for r in open_requests]).update(
        status=EmergencyAccessRequest.Status.REJECTED,
        resolved_by=resolved_by,
        resolved_at=timezone.now(),
    )
    for request in open_requests:
        audit_record(
            action=AuditAction.EMERGENCY_REJECTED,
            actor=resolved_by,
            target=request,
            establishment=request.establishment,
            ip_address=ip,
        )
    return len(open_requests)
