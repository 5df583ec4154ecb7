"""The demande de bourse: a legal representative keeps a draft step by step, sends it while the
campaign is open (acknowledged by e-mail), completes it when a piece is asked; the secretariat
checks the avis d'imposition and decides. Every decision is audited and told to the family."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, Pupil, User
from accounts.school import SchoolRole
from accounts.selectors import email_is_confirmed
from core.links import public_reverse
from core.schoolyear import school_year_label
from core.uploads import CheckedUpload
from outbox.services import outbox_enqueue_mail

from .. import messages as texts
from ..models import BourseRequest, Campaign
from ..selectors import bareme_amounts, bareme_of, campaign_concerns

DRAFT_FIELDS = ("dependent_children", "reference_income", "iban", "bic", "account_holder")
REQUIRED_FIELDS = (
    "dependent_children",
    "reference_income",
    "document",
    "iban",
    "bic",
    "account_holder",
)


def _check_guardian(role: SchoolRole, pupil: Pupil) -> None:
    if not role.is_guardian:
        raise ValidationError(texts.ONLY_GUARDIANS)
    if pupil.pk not in role.family_pupil_ids:
        raise PermissionDenied


def _check_open(campaign: Campaign, now: datetime.datetime) -> None:
    state = campaign.state_at(now)
    if state == "close":
        date = f"{timezone.localtime(campaign.closes_at):%d/%m/%Y à %H:%M}"
        raise ValidationError(texts.CAMPAIGN_CLOSED.format(date=date))
    if state != "ouverte":
        raise ValidationError(texts.CAMPAIGN_NOT_OPEN)


def _establishment(request: BourseRequest) -> Establishment:
    return Establishment(pk=request.pupil.establishment_id)


def _family_mail(request: BourseRequest, template: str, key: str, **extra: Any) -> None:
    """To the guardian who filed the request, at their confirmed address."""
    account = request.filed_by
    if account is None or not email_is_confirmed(account):
        return
    outbox_enqueue_mail(
        idempotency_key=f"demarches:bourse:{request.pk}:{key}",
        to=account.email,
        template=f"demarches/emails/{template}",
        context={
            "request": request,
            "pupil": request.pupil.first_name,
            "school_year": school_year_label(request.school_year),
            "link": public_reverse("teleservices:bourse", request.pupil_id),
            **extra,
        },
    )


@transaction.atomic
def bourse_draft_save(
    *,
    role: SchoolRole,
    actor: User,
    pupil: Pupil,
    campaign: Campaign,
    values: dict[str, Any],
    document: Any = None,
    checked: CheckedUpload | None = None,
    now: datetime.datetime | None = None,
) -> BourseRequest:
    """Keeps what the guardian typed (the valid fields of a step) in the child's draft, creating
    it on the first step. The other legal representative's request is never touched."""
    _check_guardian(role, pupil)
    now = now or timezone.now()
    if not campaign_concerns(campaign, pupil):
        raise ValidationError(texts.NOT_CONCERNED)
    request = (
        BourseRequest.objects.select_for_update()
        .filter(pupil=pupil, school_year=campaign.school_year)
        .first()
    )
    if request is None:
        # Drafts open only while the campaign does.
        _check_open(campaign, now)
        request = BourseRequest(
            campaign=campaign,
            pupil=pupil,
            school_year=campaign.school_year,
            filed_by=actor,
            created_at=now,
        )
    elif request.filed_by_id != actor.pk:
        raise ValidationError(texts.ALREADY_FILED)
    if not request.family_can_edit:
        raise ValidationError(texts.REQUEST_NOT_EDITABLE)
    if request.status == BourseRequest.State.DRAFT:
        # A piece the secretariat asked for may come after the closing; a draft may not.
        _check_open(campaign, now)
    for name in DRAFT_FIELDS:
        if name in values:
            setattr(request, name, values[name])
    old_document = ""
    if document is not None and checked is not None:
        old_document = request.document.name if request.document else ""
        request.document_name = checked.name
        request.document_type = checked.kind.content_type
        request.document.save(checked.name, document, save=False)
    request.updated_at = now
    request.full_clean(exclude=["document"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as error:
        # The other guardian started the child's request a moment ago.
        raise ValidationError(texts.ALREADY_FILED) from error
    if old_document:
        name = old_document
        transaction.on_commit(lambda: default_storage.delete(name))
    return request


def _missing_fields(request: BourseRequest) -> list[str]:
    return [
        str(texts.FIELD_LABELS[name])
        for name in REQUIRED_FIELDS
        if getattr(request, name) in (None, "") or (name == "document" and not request.document)
    ]


@transaction.atomic
def bourse_submit(
    *,
    role: SchoolRole,
    actor: User,
    request: BourseRequest,
    now: datetime.datetime | None = None,
    ip_address: str | None = None,
) -> BourseRequest:
    """Sends the draft (or the completed request after a piece was asked) to the secretariat,
    while the campaign is open; the family gets an acknowledgement by e-mail."""
    now = now or timezone.now()
    request = (
        BourseRequest.objects.select_for_update(of=("self",))
        .select_related("campaign", "pupil", "filed_by")
        .get(pk=request.pk)
    )
    _check_guardian(role, request.pupil)
    if request.filed_by_id != actor.pk:
        raise ValidationError(texts.ALREADY_FILED)
    if not request.family_can_edit:
        raise ValidationError(texts.REQUEST_NOT_EDITABLE)
    completing = request.status == BourseRequest.State.INCOMPLETE
    if not completing:
        _check_open(request.campaign, now)
    missing = _missing_fields(request)
    if missing:
        raise ValidationError(texts.REQUEST_INCOMPLETE_FIELDS.format(fields=", ".join(missing)))
    request.status = BourseRequest.State.SUBMITTED
    request.submitted_at = request.submitted_at if completing else now
    request.updated_at = now
    request.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        action=AuditAction.BOURSE_COMPLETED if completing else AuditAction.BOURSE_SUBMITTED,
        actor=actor,
        target=request,
        establishment=_establishment(request),
        details={"pupil": request.pupil_id},
        ip_address=ip_address,
    )
    _family_mail(
        request,
        "bourse_received",
        f"received:{now:%Y%m%d%H%M%S}",
        completing=completing,
    )
    return request


def _locked_for_decision(request: BourseRequest) -> BourseRequest:
    locked = (
        BourseRequest.objects.select_for_update(of=("self",))
        .select_related("campaign", "pupil", "filed_by")
        .get(pk=request.pk)
    )
    if locked.status != BourseRequest.State.SUBMITTED:
        raise ValidationError(texts.DECISION_NOT_EXPECTED)
    return locked


@transaction.atomic
def bourse_ask_missing_piece(
    *, actor: User, request: BourseRequest, message: str, ip_address: str | None = None
) -> BourseRequest:
    """The secretariat asks for a missing piece: the family is told by e-mail and on its page,
    and may complete the request, which comes back to the secretariat."""
    request = _locked_for_decision(request)
    message = message.strip()
    if not message:
        raise ValidationError({"message": texts.MISSING_REQUIRED})
    now = timezone.now()
    request.status = BourseRequest.State.INCOMPLETE
    request.missing_piece = message
    request.document_checked = False
    request.updated_at = now
    request.save(update_fields=["status", "missing_piece", "document_checked", "updated_at"])
    audit_record(
        action=AuditAction.BOURSE_MISSING_PIECE,
        actor=actor,
        target=request,
        establishment=_establishment(request),
        details={"message": message},
        ip_address=ip_address,
    )
    _family_mail(request, "bourse_missing_piece", f"missing:{now:%Y%m%d%H%M%S}", message=message)
    return request


def _decide(
    request: BourseRequest,
    *,
    actor: User,
    action: AuditAction,
    details: dict[str, Any],
    ip_address: str | None,
    fields: list[str],
) -> BourseRequest:
    now = timezone.now()
    request.decided_by, request.decided_at, request.updated_at = actor, now, now
    request.save(update_fields=[*fields, "status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        action=action,
        actor=actor,
        target=request,
        establishment=_establishment(request),
        details=details,
        ip_address=ip_address,
    )
    _family_mail(request, "bourse_decision", "decision")
    return request


@transaction.atomic
def bourse_accept(
    *,
    actor: User,
    request: BourseRequest,
    echelon: int,
    document_checked: bool,
    ip_address: str | None = None,
) -> BourseRequest:
    """Grants the bourse at ``echelon`` of the year's barème, once the document is checked."""
    request = _locked_for_decision(request)
    if not document_checked:
        raise ValidationError({"document_checked": texts.DOCUMENT_NOT_CHECKED})
    amounts = bareme_amounts(bareme_of(request.campaign.establishment_id, request.school_year))
    if not amounts:
        raise ValidationError(texts.NO_BAREME)
    if echelon not in amounts:
        raise ValidationError({"echelon": texts.ECHELON_UNKNOWN})
    request.status = BourseRequest.State.ACCEPTED
    request.document_checked = True
    request.echelon = echelon
    request.yearly_amount = Decimal(amounts[echelon])
    request.refusal_reason = ""
    return _decide(
        request,
        actor=actor,
        action=AuditAction.BOURSE_ACCEPTED,
        details={"echelon": echelon, "amount": str(request.yearly_amount)},
        ip_address=ip_address,
        fields=["document_checked", "echelon", "yearly_amount", "refusal_reason"],
    )


@transaction.atomic
def bourse_refuse(
    *,
    actor: User,
    request: BourseRequest,
    reason: str,
    document_checked: bool = False,
    ip_address: str | None = None,
) -> BourseRequest:
    """Refuses the request with a reason the family reads."""
    request = _locked_for_decision(request)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": texts.REASON_REQUIRED})
    request.status = BourseRequest.State.REFUSED
    request.refusal_reason = reason
    request.document_checked = document_checked
    request.echelon = None
    request.yearly_amount = None
    return _decide(
        request,
        actor=actor,
        action=AuditAction.BOURSE_REFUSED,
        details={"reason": reason},
        ip_address=ip_address,
        fields=["refusal_reason", "document_checked", "echelon", "yearly_amount"],
    )
