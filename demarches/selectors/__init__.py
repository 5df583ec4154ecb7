"""Reads of the démarches, each checking who asks: a family sees the campaigns of its children's
classes and its own requests (404 otherwise); the secretariat its establishment's."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import GuardianLink, Pupil
from accounts.school import SchoolRole
from core.schoolyear import current_school_year

from ..bareme import Estimation, estimate_echelon
from ..models import Bareme, BourseRequest, Campaign, OrientationFile

SUBMITTED_STATES = (
    BourseRequest.State.SUBMITTED,
    BourseRequest.State.INCOMPLETE,
    BourseRequest.State.ACCEPTED,
    BourseRequest.State.REFUSED,
)
PROCESSED_STATES = (BourseRequest.State.ACCEPTED, BourseRequest.State.REFUSED)
ORIENTATION_SERVICES = (Campaign.Service.ORIENTATION_INTENTIONS, Campaign.Service.ORIENTATION_VOEUX)
ORIENTATION_SUBMITTED_STATES = tuple(
    state for state in OrientationFile.State.values if state != OrientationFile.State.DRAFT
)
ORIENTATION_PROCESSED_STATES = (
    OrientationFile.State.ANSWERED,
    OrientationFile.State.ACCEPTED,
    OrientationFile.State.DISAGREED,
    OrientationFile.State.DECIDED,
)


def concerned_pupils_q(campaign: Campaign, *, prefix: str = "") -> Q:
    """The campaign's pupils: of its establishment, in one of its classes or levels."""
    division_ids = [division.pk for division in campaign.divisions.all()]
    scope = Q(**{f"{prefix}division_id__in": division_ids})
    if campaign.level_list:
        scope |= Q(**{f"{prefix}division__level__in": campaign.level_list})
    return Q(**{f"{prefix}establishment_id": campaign.establishment_id}) & scope


def campaign_concerns(campaign: Campaign, pupil: Pupil) -> bool:
    """The Python side of ``concerned_pupils_q`` (divisions prefetched, pupil's division loaded)."""
    if pupil.establishment_id != campaign.establishment_id or pupil.division_id is None:
        return False
    if pupil.division_id in {division.pk for division in campaign.divisions.all()}:
        return True
    return pupil.division is not None and pupil.division.level in campaign.level_list


def concerned_pupils(campaign: Campaign) -> QuerySet[Pupil]:
    return Pupil.objects.current().filter(concerned_pupils_q(campaign))


def concerned_guardian_user_ids(
    campaign: Campaign, *, exclude_submitted: bool = False
) -> list[int]:
    """Accounts of the legal representatives of the campaign's pupils (optionally only of those
    whose request is not sent yet), in a stable order."""
    pupils = concerned_pupils(campaign)
    if exclude_submitted:
        sent: QuerySet[Any, Any]
        if campaign.service in ORIENTATION_SERVICES:
            sent = OrientationFile.objects.filter(
                campaign=campaign, status__in=ORIENTATION_SUBMITTED_STATES
            ).values("pupil_id")
        else:
            sent = BourseRequest.objects.filter(
                campaign=campaign, status__in=SUBMITTED_STATES
            ).values("pupil_id")
        pupils = pupils.exclude(pk__in=sent)
    return list(
        GuardianLink.objects.legal()
        .filter(
            pupil__in=pupils, guardian__account__isnull=False, guardian__account__is_active=True
        )
        .order_by("guardian__account_id")
        .values_list("guardian__account_id", flat=True)
        .distinct()
    )


# -- the families --------------------------------------------------------------------------------


@dataclass
class ChildService:
    child: Pupil
    request: BourseRequest | OrientationFile | None


@dataclass
class FamilyCampaign:
    campaign: Campaign
    state: str  # avant / ouverte / close
    children: list[ChildService] = field(default_factory=list)


def family_campaigns(
    role: SchoolRole, children: list[Pupil], *, now: datetime.datetime | None = None
) -> list[FamilyCampaign]:
    """SERVICES EN LIGNE: this year's campaigns that concern one of the family's children, with
    each child's request or orientation file (4 queries whatever the number of children). A
    pupil sees none of the bourse (it is the guardians' démarche), only their orientation file."""
    if not role.is_family or not children:
        return []
    now = now or timezone.now()
    services = [*ORIENTATION_SERVICES]
    if role.is_guardian:
        services.append(Campaign.Service.BOURSE)
    campaigns = list(
        Campaign.objects.filter(
            establishment_id__in={child.establishment_id for child in children},
            school_year=current_school_year(),
            service__in=services,
        )
        .prefetch_related("divisions")
        .order_by("opens_at")
    )
    if not campaigns:
        return []
    child_ids = [child.pk for child in children]
    requests: dict[tuple[int, int], BourseRequest | OrientationFile] = {
        (request.campaign_id, request.pupil_id): request
        for request in BourseRequest.objects.filter(campaign__in=campaigns, pupil_id__in=child_ids)
    }
    requests.update(
        {
            (file.campaign_id, file.pupil_id): file
            for file in OrientationFile.objects.filter(
                campaign__in=campaigns, pupil_id__in=child_ids
            )
        }
    )
    found = []
    for campaign in campaigns:
        concerned = [
            ChildService(child=child, request=requests.get((campaign.pk, child.pk)))
            for child in children
            if campaign_concerns(campaign, child)
        ]
        if concerned:
            found.append(FamilyCampaign(campaign, campaign.state_at(now), concerned))
    return found


@dataclass
class FamilyBourse:
    campaign: Campaign
    state: str
    request: BourseRequest | None
    # Filed by the other legal representative: this guardian only reads its state.
    filed_by_other: bool
    estimation: Estimation | None
    bareme_known: bool


def family_bourse(role: SchoolRole, child: Pupil) -> FamilyBourse:
    """The bourse page of one of a guardian's children (404 for a pupil, another family's child,
    or a child no open-or-past campaign of this year concerns)."""
    if not role.is_guardian or child.pk not in role.family_pupil_ids:
        raise Http404("Aucune demande de bourse.")
    campaign = (
        Campaign.objects.filter(
            establishment_id=child.establishment_id,
            school_year=current_school_year(),
            service=Campaign.Service.BOURSE,
        )
        .prefetch_related("divisions")
        .first()
    )
    if campaign is None or not campaign_concerns(campaign, child):
        raise Http404("Aucune demande de bourse pour cet enfant.")
    request = (
        BourseRequest.objects.filter(pupil=child, school_year=campaign.school_year)
        .select_related("filed_by", "pupil__division", "pupil__establishment")
        .first()
    )
    bareme, estimation = None, None
    if request is not None and request.dependent_children and request.reference_income:
        bareme = bareme_of(campaign.establishment_id, campaign.school_year)
        estimation = request_estimation(bareme, request) if bareme else None
    return FamilyBourse(
        campaign=campaign,
        state=campaign.state,
        request=request,
        filed_by_other=request is not None and request.filed_by_id != role.user_id,
        estimation=estimation,
        bareme_known=bareme is not None,
    )


def bareme_of(establishment_id: int, school_year: int) -> Bareme | None:
    return (
        Bareme.objects.filter(establishment_id=establishment_id, school_year=school_year)
        .prefetch_related("ceilings", "echelons")
        .first()
    )


def request_estimation(bareme: Bareme, request: BourseRequest) -> Estimation | None:
    if request.dependent_children is None or request.reference_income is None:
        return None
    return estimate_echelon(
        ceilings=[(c.dependent_children, c.echelon, c.ceiling) for c in bareme.ceilings.all()],
        amounts={e.number: e.yearly_amount for e in bareme.echelons.all()},
        dependent_children=request.dependent_children,
        reference_income=request.reference_income,
    )


def bareme_amounts(bareme: Bareme | None) -> dict[int, Decimal]:
    return {e.number: e.yearly_amount for e in bareme.echelons.all()} if bareme else {}


# -- the secretariat -----------------------------------------------------------------------------


@dataclass
class FollowUpRow:
    label: str
    concerned: int = 0
    started: int = 0
    submitted: int = 0
    processed: int = 0

    def add(self, other: FollowUpRow) -> None:
        self.concerned += other.concerned
        self.started += other.started
        self.submitted += other.submitted
        self.processed += other.processed


@dataclass
class FollowUp:
    campaign: Campaign
    rows: list[FollowUpRow]
    total: FollowUpRow
    by_state: dict[str, int]


def campaign_followup(campaign: Campaign) -> FollowUp:
    """Per class: pupils concerned, requests started, sent, processed (two queries)."""
    rows: dict[Any, FollowUpRow] = {}
    for division_id, code, count in (
        concerned_pupils(campaign)
        .values_list("division_id", "division__code")
        .annotate(n=Count("pk"))
        .values_list("division_id", "division__code", "n")
        .order_by("division__code")
    ):
        rows[division_id] = FollowUpRow(label=code or "—", concerned=count)
    by_state: dict[str, int] = defaultdict(int)
    orientation = campaign.service in ORIENTATION_SERVICES
    model: Any = OrientationFile if orientation else BourseRequest
    submitted_states = ORIENTATION_SUBMITTED_STATES if orientation else SUBMITTED_STATES
    processed_states = ORIENTATION_PROCESSED_STATES if orientation else PROCESSED_STATES
    for division_id, status, count in (
        model.objects.filter(campaign=campaign)
        .values_list("pupil__division_id", "status")
        .annotate(n=Count("pk"))
        .values_list("pupil__division_id", "status", "n")
        .order_by()
    ):
        row = rows.setdefault(division_id, FollowUpRow(label="autre classe"))
        by_state[status] += count
        row.started += count
        if status in submitted_states:
            row.submitted += count
        if status in processed_states:
            row.processed += count
    total = FollowUpRow(label="Total")
    for row in rows.values():
        total.add(row)
    return FollowUp(campaign=campaign, rows=list(rows.values()), total=total, by_state=by_state)


def campaigns_for_staff(establishment_id: int | None) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.all()
    if establishment_id is not None:
        campaigns = campaigns.filter(establishment_id=establishment_id)
    return campaigns


from .orientation import (  # noqa: E402  (they use the reads above)
    FamilyOrientation,
    OrientationClass,
    OrientationPhase,
    OrientationRow,
    family_orientation,
    family_orientation_phase,
    orientation_class,
    orientation_divisions,
    orientation_staff_allowed,
    orientation_staff_file,
)

__all__ = [
    "FamilyOrientation",
    "OrientationClass",
    "OrientationPhase",
    "OrientationRow",
    "family_orientation",
    "family_orientation_phase",
    "orientation_class",
    "orientation_divisions",
    "orientation_staff_allowed",
    "orientation_staff_file",
]
