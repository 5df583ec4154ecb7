"""The orientation en fin de 3e: a legal representative keeps the family's ranked choices in a
draft and validates them once for the family while the campaign is open; the professeur principal
or the direction enters the conseil de classe's answer (an avis per intention, or a proposition
d'orientation), the family accepts it or disagrees (a meeting with the chef d'établissement is then
proposed), the direction records the final decision. Every step is audited; the family is told by
e-mail at the conseil de classe's answer (unless it turned démarches notices off)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, GuardianLink, Pupil, User
from accounts.school import SchoolRole
from accounts.selectors import notice_recipients
from core.links import public_reverse
from core.schoolyear import school_year_label
from outbox.services import outbox_enqueue_mail

from .. import messages as texts
from ..models import Campaign, OrientationFile
from ..orientation import AVIS, VOIES, WITH_SPECIALTY, clean_wishes
from ..selectors import ORIENTATION_SERVICES, campaign_concerns
from .bourse import _check_open
from .campaigns import NOTICE_KIND


def _check_guardian(role: SchoolRole, pupil: Pupil) -> None:
    if not role.is_guardian:
        raise ValidationError(texts.ONLY_GUARDIANS)
    if pupil.pk not in role.family_pupil_ids:
        raise PermissionDenied


def _establishment(file: OrientationFile) -> Establishment:
    return Establishment(pk=file.campaign.establishment_id)


def _locked(file: OrientationFile) -> OrientationFile:
    return (
        OrientationFile.objects.select_for_update(of=("self",))
        .select_related("campaign", "pupil")
        .get(pk=file.pk)
    )


@transaction.atomic
def orientation_save(
    *,
    role: SchoolRole,
    actor: User,
    pupil: Pupil,
    campaign: Campaign,
    wishes: list[tuple[str, str]],
    comment: str,
    validate: bool,
    now: datetime.datetime | None = None,
    ip_address: str | None = None,
) -> OrientationFile:
    """Keeps the family's ranked choices (``(voie, specialty)`` per rank) in the child's file
    of ``campaign`` and, with ``validate``, commits it for the family: the other legal
    representative then reads who validated and when. Only while the campaign is open."""
    _check_guardian(role, pupil)
    if campaign.service not in ORIENTATION_SERVICES:
        raise ValidationError(texts.NOT_CONCERNED)
    if not campaign_concerns(campaign, pupil):
        raise ValidationError(texts.NOT_CONCERNED)
    now = now or timezone.now()
    cleaned = clean_wishes(wishes)
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": texts.COMMENT_TOO_LONG})
    file = (
        OrientationFile.objects.select_for_update().filter(campaign=campaign, pupil=pupil).first()
    )
    if file is not None and not file.family_can_edit:
        raise ValidationError(texts.ORIENTATION_NOT_EDITABLE)
    _check_open(campaign, now)
    if validate and not cleaned:
        raise ValidationError({"voie_1": texts.WISHES_REQUIRED})
    if file is None:
        file = OrientationFile(campaign=campaign, pupil=pupil, created_at=now)
    file.wishes = cleaned
    file.comment = comment
    file.updated_by = actor
    file.updated_at = now
    if validate:
        file.status = OrientationFile.State.VALIDATED
        file.validated_by = actor
        file.validated_at = now
    file.full_clean()
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError as error:
        # The other guardian started the child's file a moment ago: their draft wins.
        raise ValidationError(texts.ORIENTATION_CONFLICT) from error
    audit_record(
        action=AuditAction.ORIENTATION_VALIDATED if validate else AuditAction.ORIENTATION_SAVED,
        actor=actor,
        target=file,
        establishment=_establishment(file),
        details={
            "pupil": pupil.pk,
            "service": campaign.service,
            "wishes": [wish["voie"] for wish in cleaned],
        },
        ip_address=ip_address,
    )
    return file


def _clean_voie(voie: str, specialty: str, *, field: str, specialty_field: str) -> tuple[str, str]:
    specialty = " ".join((specialty or "").split())[:120]
    if voie not in VOIES:
        raise ValidationError({field: texts.VOIE_INVALID})
    if voie in WITH_SPECIALTY and not specialty:
        raise ValidationError({specialty_field: texts.SPECIALTY_REQUIRED})
    if voie not in WITH_SPECIALTY:
        specialty = ""
    return voie, specialty


def _family_mail(file: OrientationFile, key: str) -> None:
    """To each legal representative of the pupil with a confirmed address who did not turn the
    démarches notices off."""
    user_ids = (
        GuardianLink.objects.legal()
        .filter(pupil_id=file.pupil_id, guardian__account__isnull=False)
        .values_list("guardian__account_id", flat=True)
    )
    context = {
        "file": file,
        "service": file.campaign.get_service_display(),
        "pupil": file.pupil.first_name,
        "school_year": school_year_label(file.campaign.school_year),
        "link": public_reverse("teleservices:orientation", file.pupil_id),
    }
    for user_id, address in notice_recipients(kind=NOTICE_KIND, user_ids=user_ids).items():
        outbox_enqueue_mail(
            idempotency_key=f"demarches:orientation:{file.pk}:{key}:{user_id}",
            to=address,
            template="demarches/emails/orientation_council",
            context=context,
        )


def _check_council(role: SchoolRole, file: OrientationFile) -> None:
    allowed = role.is_staff_member and role.establishment_id == file.campaign.establishment_id
    if not allowed or not (role.is_direction or file.pupil.division_id in role.main_division_ids):
        raise PermissionDenied


@transaction.atomic
def orientation_council_answer(
    *,
    role: SchoolRole,
    actor: User,
    file: OrientationFile,
    avis: list[tuple[str, str]] | None = None,
    proposal: tuple[str, str] | None = None,
    comment: str = "",
    ip_address: str | None = None,
) -> OrientationFile:
    """The conseil de classe's answer, entered by the class's professeur principal or the
    direction: an avis per intention (intentions provisoires) or a proposition d'orientation
    (vœux définitifs). It may be corrected until the family answered."""
    file = _locked(file)
    _check_council(role, file)
    if file.status not in (OrientationFile.State.VALIDATED, OrientationFile.State.ANSWERED):
        raise ValidationError(texts.ORIENTATION_COUNCIL_NOT_EXPECTED)
    now = timezone.now()
    comment = (comment or "").strip()[:1000]
    details: dict[str, Any] = {"pupil": file.pupil_id}
    if file.is_voeux:
        voie, specialty = _clean_voie(
            *(proposal or ("", "")), field="proposal_voie", specialty_field="proposal_specialty"
        )
        file.proposal_voie, file.proposal_specialty = voie, specialty
        details["proposal"] = voie
    else:
        avis = avis or []
        if len(avis) != len(file.wishes) or any(value not in AVIS for value, _ in avis):
            raise ValidationError(texts.AVIS_REQUIRED)
        wishes = []
        for wish, (value, avis_comment) in zip(file.wishes, avis, strict=True):
            wishes.append({**wish, "avis": value, "avis_comment": (avis_comment or "")[:300]})
        file.wishes = wishes
        details["avis"] = [value for value, _ in avis]
    first_answer = file.status == OrientationFile.State.VALIDATED
    file.status = OrientationFile.State.ANSWERED
    file.council_comment = comment
    file.council_by, file.council_at, file.updated_at = actor, now, now
    file.save(
        update_fields=[
            "wishes",
            "proposal_voie",
            "proposal_specialty",
            "status",
            "council_comment",
            "council_by",
            "council_at",
            "updated_at",
        ]
    )
    audit_record(
        action=AuditAction.ORIENTATION_COUNCIL,
        actor=actor,
        target=file,
        establishment=_establishment(file),
        details=details,
        ip_address=ip_address,
    )
    _family_mail(file, "council" if first_answer else f"council:{now:%Y%m%d%H%M%S}")
    return file


@transaction.atomic
def orientation_family_answer(
    *,
    role: SchoolRole,
    actor: User,
    file: OrientationFile,
    agrees: bool,
    ip_address: str | None = None,
) -> OrientationFile:
    """A legal representative answers the conseil de classe for the family: « j'accepte », or
    « je ne suis pas d'accord » (a meeting with the chef d'établissement is then proposed)."""
    file = _locked(file)
    _check_guardian(role, file.pupil)
    if file.status != OrientationFile.State.ANSWERED:
        raise ValidationError(
            texts.ORIENTATION_ANSWER_ALREADY
            if file.family_agrees is not None
            else texts.ORIENTATION_NOT_ANSWERED
        )
    now = timezone.now()
    file.family_agrees = agrees
    file.status = OrientationFile.State.ACCEPTED if agrees else OrientationFile.State.DISAGREED
    file.family_answer_by, file.family_answer_at, file.updated_at = actor, now, now
    file.save(
        update_fields=[
            "family_agrees",
            "status",
            "family_answer_by",
            "family_answer_at",
            "updated_at",
        ]
    )
    audit_record(
        action=AuditAction.ORIENTATION_FAMILY_ANSWER,
        actor=actor,
        target=file,
        establishment=_establishment(file),
        details={"pupil": file.pupil_id, "agrees": agrees},
        ip_address=ip_address,
    )
    return file


@transaction.atomic
def orientation_decide(
    *,
    role: SchoolRole,
    actor: User,
    file: OrientationFile,
    voie: str,
    specialty: str = "",
    comment: str = "",
    ip_address: str | None = None,
) -> OrientationFile:
    """The direction records the final decision on the vœux définitifs, once the family
    answered (after the meeting when it disagreed)."""
    file = _locked(file)
    _check_council(role, file)
    if not role.is_direction:
        raise ValidationError(texts.DECISION_ONLY_DIRECTION)
    if not file.is_voeux or file.status not in (
        OrientationFile.State.ACCEPTED,
        OrientationFile.State.DISAGREED,
    ):
        raise ValidationError(texts.DECISION_NOT_EXPECTED_ORIENTATION)
    voie, specialty = _clean_voie(voie, specialty, field="voie", specialty_field="specialty")
    now = timezone.now()
    file.decision_voie, file.decision_specialty = voie, specialty
    file.decision_comment = (comment or "").strip()[:1000]
    file.status = OrientationFile.State.DECIDED
    file.decided_by, file.decided_at, file.updated_at = actor, now, now
    file.save(
        update_fields=[
            "decision_voie",
            "decision_specialty",
            "decision_comment",
            "status",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    audit_record(
        action=AuditAction.ORIENTATION_DECIDED,
        actor=actor,
        target=file,
        establishment=_establishment(file),
        details={"pupil": file.pupil_id, "voie": voie},
        ip_address=ip_address,
    )
    _family_mail(file, "decision")
    return file
