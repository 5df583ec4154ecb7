"""The demo collège's démarches (``core.demo`` step): this year's barème, an open bourse campaign
for every level, and a few requests of other families in each state, so the secretariat has a
follow-up to read and the demo parent can file one for each of their children. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import GuardianLink, Pupil
from core.demo import DemoWorld
from core.schoolyear import current_school_year

from .models import (
    Bareme,
    BaremeCeiling,
    BaremeEchelon,
    BourseRequest,
    Campaign,
    OrientationFile,
)

AMOUNTS = {1: Decimal("105.00"), 2: Decimal("294.00"), 3: Decimal("459.00")}
# Revenu fiscal de référence ceilings by dependent children: échelon 1, 2, 3.
CEILINGS = {
    1: (22_000, 12_000, 4_500),
    2: (25_400, 13_900, 5_200),
    3: (30_500, 16_700, 6_200),
    4: (35_600, 19_500, 7_300),
    5: (40_700, 22_200, 8_300),
    6: (45_800, 25_000, 9_300),
}
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# (state, dependent children, revenu fiscal de référence)
REQUESTS = (
    (BourseRequest.State.SUBMITTED, 2, Decimal("11850")),
    (BourseRequest.State.INCOMPLETE, 3, Decimal("16200")),
    (BourseRequest.State.ACCEPTED, 1, Decimal("4100")),
    (BourseRequest.State.REFUSED, 2, Decimal("48700")),
    (BourseRequest.State.DRAFT, 4, Decimal("19000")),
)


def demo_bareme(establishment, year: int) -> Bareme:
    bareme, created = Bareme.objects.get_or_create(establishment=establishment, school_year=year)
    if created:
        BaremeEchelon.objects.bulk_create(
            BaremeEchelon(bareme=bareme, number=n, yearly_amount=a) for n, a in AMOUNTS.items()
        )
        BaremeCeiling.objects.bulk_create(
            BaremeCeiling(bareme=bareme, dependent_children=children, echelon=e, ceiling=c)
            for children, ceilings in CEILINGS.items()
            for e, c in zip((1, 2, 3), ceilings, strict=True)
        )
    return bareme


def _open_campaign(
    world: DemoWorld,
    service: str,
    *,
    now: datetime.datetime,
    opened_days_ago: int,
    open_for_days: int,
    levels: str,
    message: str,
) -> Campaign:
    """This year's demo campaign of ``service``, open today: a demo loaded weeks later moves its
    dates with the calendar."""
    opens_at = now - datetime.timedelta(days=opened_days_ago)
    closes_at = now + datetime.timedelta(days=open_for_days)
    campaign, _ = Campaign.objects.get_or_create(
        establishment=world.establishment,
        service=service,
        school_year=current_school_year(),
        defaults={
            "opens_at": opens_at,
            "closes_at": closes_at,
            "levels": levels,
            "message": message,
        },
    )
    if not campaign.is_open:
        campaign.opens_at, campaign.closes_at = opens_at, closes_at
        campaign.save(update_fields=["opens_at", "closes_at"])
    return campaign


def demo_bourse(world: DemoWorld) -> str:
    year = current_school_year()
    now = timezone.now()
    demo_bareme(world.establishment, year)
    campaign = _open_campaign(
        world,
        Campaign.Service.BOURSE,
        now=now,
        opened_days_ago=7,
        open_for_days=30,
        levels="6,5,4,3",
        message="La campagne de bourse de collège est ouverte : faites votre demande en ligne "
        "avant la date de clôture. Munissez-vous de votre avis d'imposition et d'un RIB.",
    )
    if campaign.bourse_requests.exists():
        return "démarches : campagne de bourse déjà en place"
    family = [child.pk for child in world.children]
    links = (
        GuardianLink.objects.legal()
        .filter(pupil__establishment=world.establishment, guardian__account__isnull=False)
        .exclude(pupil_id__in=family)
        .filter(pupil__in=Pupil.objects.current().exclude(division=None))
        .select_related("guardian__account", "pupil")
        .order_by("pupil__last_name", "pupil_id")
    )
    seen: set[int] = set()
    chosen = []
    for link in links[:40]:
        if link.pupil_id not in seen:
            seen.add(link.pupil_id)
            chosen.append(link)
        if len(chosen) == len(REQUESTS):
            break
    for link, (state, children, income) in zip(chosen, REQUESTS, strict=False):
        request = BourseRequest(
            campaign=campaign,
            pupil=link.pupil,
            school_year=year,
            filed_by=link.guardian.account,
            status=state,
            dependent_children=children,
            reference_income=income,
            iban="FR7630006000011234567890189",
            bic="AGRIFRPP",
            account_holder=f"{link.guardian.first_name} {link.guardian.display_last_name}",
            created_at=now - datetime.timedelta(days=5),
            updated_at=now - datetime.timedelta(days=1),
        )
        request.document_name = "avis-imposition.pdf"
        request.document_type = "application/pdf"
        request.document.save("avis-imposition.pdf", ContentFile(DEMO_PDF), save=False)
        if state != BourseRequest.State.DRAFT:
            request.submitted_at = now - datetime.timedelta(days=3)
        if state == BourseRequest.State.INCOMPLETE:
            request.missing_piece = (
                "L'avis d'imposition joint est illisible : envoyez-le à nouveau."
            )
        if state in (BourseRequest.State.ACCEPTED, BourseRequest.State.REFUSED):
            request.decided_at = now - datetime.timedelta(days=1)
            request.decided_by = world.secretary
            request.document_checked = True
        if state == BourseRequest.State.ACCEPTED:
            request.echelon, request.yearly_amount = 3, AMOUNTS[3]
        if state == BourseRequest.State.REFUSED:
            request.refusal_reason = "Le revenu fiscal de référence dépasse le plafond du barème."
        request.save()
    return f"démarches : campagne de bourse ouverte, {len(chosen)} demandes de démonstration"


# (state, wishes, avis per wish, family agrees)
ORIENTATION_FILES = (
    (OrientationFile.State.DRAFT, [("2gt", "")], [], None),
    (
        OrientationFile.State.VALIDATED,
        [("2pro", "Métiers de la relation client"), ("2gt", "")],
        [],
        None,
    ),
    (
        OrientationFile.State.ANSWERED,
        [("2gt", ""), ("cap", "Cuisine")],
        [("favorable", ""), ("reserve", "Résultats à consolider en sciences.")],
        None,
    ),
    (OrientationFile.State.ACCEPTED, [("2gt", "")], [("favorable", "")], True),
    (
        OrientationFile.State.DISAGREED,
        [("2gt", ""), ("2pro", "Maintenance des véhicules")],
        [("defavorable", "Des difficultés importantes."), ("favorable", "")],
        False,
    ),
)


def demo_orientation(world: DemoWorld) -> str:
    """The intentions provisoires campaign, open for the 3e, with a few files of other families
    in each state (the demo parent's 3e child has none: the parent enters it)."""
    now = timezone.now()
    campaign = _open_campaign(
        world,
        Campaign.Service.ORIENTATION_INTENTIONS,
        now=now,
        opened_days_ago=3,
        open_for_days=21,
        levels="3",
        message="Indiquez les intentions d'orientation de votre enfant avant le conseil de "
        "classe du 2e trimestre : il y répondra par un avis provisoire.",
    )
    if campaign.orientation_files.exists():
        return "démarches : campagne d'orientation déjà en place"
    family = [child.pk for child in world.children]
    links = (
        GuardianLink.objects.legal()
        .filter(
            pupil__establishment=world.establishment,
            pupil__division__level="3",
            guardian__account__isnull=False,
        )
        .exclude(pupil_id__in=family)
        .filter(pupil__in=Pupil.objects.current())
        .select_related("guardian__account", "pupil")
        .order_by("pupil__last_name", "pupil_id")
    )
    seen: set[int] = set()
    chosen = []
    for link in links[:40]:
        if link.pupil_id not in seen:
            seen.add(link.pupil_id)
            chosen.append(link)
        if len(chosen) == len(ORIENTATION_FILES):
            break
    council = world.direction.account if world.direction is not None else None
    for link, (state, wishes, avis, agrees) in zip(chosen, ORIENTATION_FILES, strict=False):
        rows = [
            {
                "voie": voie,
                "specialty": specialty,
                "avis": avis[rank][0] if avis else "",
                "avis_comment": avis[rank][1] if avis else "",
            }
            for rank, (voie, specialty) in enumerate(wishes)
        ]
        file = OrientationFile(
            campaign=campaign,
            pupil=link.pupil,
            status=state,
            wishes=rows,
            updated_by=link.guardian.account,
            created_at=now - datetime.timedelta(days=2),
            updated_at=now - datetime.timedelta(days=1),
        )
        if state != OrientationFile.State.DRAFT:
            file.validated_by = link.guardian.account
            file.validated_at = now - datetime.timedelta(days=2)
        if avis:
            file.council_by, file.council_at = council, now - datetime.timedelta(days=1)
            file.council_comment = "Avis provisoire du conseil de classe du 2e trimestre."
        if agrees is not None:
            file.family_agrees = agrees
            file.family_answer_by = link.guardian.account
            file.family_answer_at = now - datetime.timedelta(hours=5)
        file.save()
    return f"démarches : campagne d'orientation ouverte pour les 3e, {len(chosen)} dossiers"
