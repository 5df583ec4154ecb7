"""Reads of the orientation en fin de 3e, each checking who asks: a family reads its child's
file (the pupil their own), the professeur principal the files of their 3e class, the direction
every 3e of its establishment (404 otherwise)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from accounts.models import Division, Pupil
from accounts.school import SchoolRole
from core.schoolyear import current_school_year

from ..models import Campaign, OrientationFile
from . import ORIENTATION_SERVICES, campaign_concerns

_FILE_PEOPLE = ("validated_by", "council_by", "family_answer_by", "decided_by", "updated_by")


@dataclass
class OrientationPhase:
    campaign: Campaign
    state: str  # avant / ouverte / close
    file: OrientationFile | None
    # A legal representative may still change the choices (open campaign, file not validated).
    can_edit: bool
    # A legal representative may answer the conseil de classe.
    can_answer: bool


@dataclass
class FamilyOrientation:
    child: Pupil
    phases: list[OrientationPhase]
    read_only: bool  # the pupil themself reads their file


def _orientation_campaigns(establishment_id: int) -> list[Campaign]:
    return list(
        Campaign.objects.filter(
            establishment_id=establishment_id,
            school_year=current_school_year(),
            service__in=ORIENTATION_SERVICES,
        )
        .prefetch_related("divisions")
        .order_by("opens_at")
    )


def family_orientation(
    role: SchoolRole, child: Pupil, *, now: datetime.datetime | None = None
) -> FamilyOrientation:
    """The orientation file of a child of the family (both legal representatives read and act
    on it; the pupil reads their own): each phase this year's campaigns open for the child's
    class, with its file (3 queries). 404 for anybody else, or when no campaign concerns it."""
    if not role.is_family or child.pk not in role.family_pupil_ids:
        raise Http404("Aucun dossier d'orientation.")
    now = now or timezone.now()
    campaigns = [
        campaign
        for campaign in _orientation_campaigns(child.establishment_id)
        if campaign_concerns(campaign, child)
    ]
    if not campaigns:
        raise Http404("Aucune campagne d'orientation pour cet enfant.")
    files = {
        file.campaign_id: file
        for file in OrientationFile.objects.filter(
            campaign__in=campaigns, pupil=child
        ).select_related(*_FILE_PEOPLE)
    }
    phases = []
    for campaign in campaigns:
        file = files.get(campaign.pk)
        if file is not None:
            file.campaign = campaign
        state = campaign.state_at(now)
        phases.append(
            OrientationPhase(
                campaign=campaign,
                state=state,
                file=file,
                can_edit=role.is_guardian
                and state == "ouverte"
                and (file is None or file.family_can_edit),
                can_answer=role.is_guardian
                and file is not None
                and file.status == OrientationFile.State.ANSWERED,
            )
        )
    return FamilyOrientation(child=child, phases=phases, read_only=not role.is_guardian)


def family_orientation_phase(
    role: SchoolRole, child: Pupil, campaign_id: int
) -> tuple[FamilyOrientation, OrientationPhase]:
    found = family_orientation(role, child)
    for phase in found.phases:
        if phase.campaign.pk == campaign_id:
            return found, phase
    raise Http404("Campagne inconnue.")


# -- the conseil de classe (professeur principal, direction) -------------------------------------


def orientation_staff_allowed(role: SchoolRole) -> bool:
    return role.is_staff_member and (role.is_direction or bool(role.main_division_ids))


def orientation_divisions(role: SchoolRole) -> list[Division]:
    """The 3e classes whose orientation ``role`` enters: every one of the establishment for its
    direction, the classes they are professeur principal of for a teacher."""
    if not orientation_staff_allowed(role) or role.establishment_id is None:
        return []
    divisions = Division.objects.filter(
        establishment_id=role.establishment_id, level=Division.Level.TROISIEME
    )
    if not role.is_direction:
        divisions = divisions.filter(pk__in=role.main_division_ids)
    return list(divisions.order_by("code"))


def _division_of(role: SchoolRole, division_id: int) -> Division:
    for division in orientation_divisions(role):
        if division.pk == division_id:
            return division
    raise Http404("Classe inconnue.")


@dataclass
class OrientationRow:
    pupil: Pupil
    files: list[OrientationFile | None]


@dataclass
class OrientationClass:
    division: Division
    campaigns: list[Campaign]
    rows: list[OrientationRow]


def orientation_class(role: SchoolRole, division_id: int) -> OrientationClass:
    """The 3e pupils of one class with their file of each phase (4 queries whatever the class)."""
    division = _division_of(role, division_id)
    campaigns = _orientation_campaigns(division.establishment_id)
    pupils = list(
        Pupil.objects.current()
        .filter(division=division)
        .select_related("division")
        .order_by("last_name", "first_name", "pk")
    )
    files = {
        (file.campaign_id, file.pupil_id): file
        for file in OrientationFile.objects.filter(
            campaign__in=campaigns, pupil__in=[pupil.pk for pupil in pupils]
        )
    }
    rows = [
        OrientationRow(
            pupil=pupil,
            files=[files.get((campaign.pk, pupil.pk)) for campaign in campaigns],
        )
        for pupil in pupils
    ]
    return OrientationClass(division=division, campaigns=campaigns, rows=rows)


def orientation_staff_file(role: SchoolRole, file_id: int) -> OrientationFile:
    """One validated file, for the direction of its establishment or the professeur principal
    of its class (404 otherwise, and for a draft the family has not validated)."""
    if not orientation_staff_allowed(role) or role.establishment_id is None:
        raise Http404("Dossier introuvable.")
    # The family's draft is its own until it validates it.
    files = OrientationFile.objects.filter(
        pk=file_id, campaign__establishment_id=role.establishment_id
    ).exclude(status=OrientationFile.State.DRAFT)
    if not role.is_direction:
        files = files.filter(pupil__division_id__in=role.main_division_ids)
    file = files.select_related("campaign", "pupil__division", *_FILE_PEOPLE).first()
    if file is None:
        raise Http404("Dossier introuvable.")
    return file
