"""Reads of the livret scolaire. Every object is fetched among what the role may see (404
otherwise): a teacher reaches their own active services, the direction (``DIR``) its
establishment's classes, pupils and bilans, a family its children's **locked** bilans. Every page
costs a fixed number of queries whatever the number of pupils and subjects."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.http import Http404

from accounts.models import Division, Establishment, Pupil, TeachingService
from accounts.school import SchoolRole
from evaluations.models import Period
from evaluations.selectors import service_pupils

from .compute import Counters, pupil_services, services_averages, vie_scolaire_counters
from .models import CYCLE_OF_LEVEL, Bilan, BilanSubject, CycleBilan

Readable = TypeVar("Readable", Bilan, CycleBilan)


@dataclass
class LineView:
    """One subject of a bilan as pages and the PDF show it."""

    subject_label: str
    teacher_name: str
    programme_lines: list[str]
    average: Decimal | None
    class_average: Decimal | None
    positionnement: int | None
    appreciation: str


def line_view(line: BilanSubject) -> LineView:
    return LineView(
        subject_label=line.subject_label,
        teacher_name=line.teacher_name,
        programme_lines=line.programme_lines,
        average=line.average,
        class_average=line.class_average,
        positionnement=line.positionnement,
        appreciation=line.appreciation,
    )


def periods_of_school(establishment_id: int, school_year: int) -> list[Period]:
    return list(
        Period.objects.filter(establishment_id=establishment_id, school_year=school_year).order_by(
            "starts_on"
        )
    )


# --- teachers ----------------------------------------------------------------------------------


def own_service(role: SchoolRole, service_id: int) -> TeachingService:
    """One of the teacher's own active services (404 for anybody else's)."""
    service = (
        TeachingService.objects.filter(pk=service_id)
        .select_related("subject", "division", "group", "teacher", "establishment")
        .first()
    )
    if (
        service is None
        or not service.active
        or role.staff_id is None
        or service.teacher_id != role.staff_id
        or service.pk not in role.service_ids
    ):
        raise Http404("Service inconnu.")
    return service


@dataclass
class SheetRow:
    pupil: Pupil
    average: Decimal | None
    locked: bool
    programme: str = ""
    positionnement: str = ""
    appreciation: str = ""
    error: str = ""


def service_sheet(service: TeachingService, period: Period) -> dict[str, Any]:
    """The teacher's part of the bilans of a class for a period: one row per pupil with the
    computed average and what was written. 7 queries whatever the size of the class."""
    pupils = list(service_pupils(service))
    computed = services_averages([service], period, service.establishment_id).get(service.pk)
    pupil_ids = [p.pk for p in pupils]
    locked = set(
        Bilan.objects.filter(
            period=period, pupil_id__in=pupil_ids, locked_at__isnull=False
        ).values_list("pupil_id", flat=True)
    )
    lines = {
        line.bilan.pupil_id: line
        for line in BilanSubject.objects.filter(
            bilan__period=period, bilan__pupil_id__in=pupil_ids, service=service
        ).select_related("bilan")
    }
    rows = []
    for pupil in pupils:
        line = lines.get(pupil.pk)
        rows.append(
            SheetRow(
                pupil=pupil,
                average=computed.pupils.get(pupil.pk) if computed else None,
                locked=pupil.pk in locked,
                programme=line.programme if line else "",
                positionnement=str(line.positionnement or "") if line else "",
                appreciation=line.appreciation if line else "",
            )
        )
    return {
        "rows": rows,
        "class_average": computed.class_average if computed else None,
        "pupil_ids": set(pupil_ids),
    }


# --- the direction -----------------------------------------------------------------------------


def _direction_or_404(role: SchoolRole, establishment_id: int | None) -> None:
    if not role.is_direction or establishment_id != role.establishment_id:
        raise Http404("Introuvable.")


def direction_division(role: SchoolRole, division_id: int) -> Division:
    division = Division.objects.filter(pk=division_id).select_related("establishment").first()
    _direction_or_404(role, division.establishment_id if division else None)
    assert division is not None
    return division


def direction_divisions(role: SchoolRole) -> list[Division]:
    if not role.is_direction or role.establishment_id is None:
        return []
    return list(Division.objects.filter(establishment_id=role.establishment_id).order_by("code"))


@dataclass
class OverviewRow:
    pupil: Pupil
    bilan: Bilan | None
    cycle_bilan: CycleBilan | None = None


def division_overview(division: Division, period: Period | None) -> list[OverviewRow]:
    """The class's current pupils, the state of their bilan for the period and, in 6e and 3e,
    of their bilan de fin de cycle. 1 to 3 queries."""
    pupils = list(
        Pupil.objects.current()
        .filter(division=division)
        .only("pk", "first_name", "last_name", "usage_name", "division_id")
        .order_by("last_name", "first_name", "pk")
    )
    ids = [p.pk for p in pupils]
    bilans = (
        {
            b.pupil_id: b
            for b in Bilan.objects.filter(period=period, pupil_id__in=ids).only(
                "pk", "pupil_id", "locked_at", "general_appreciation"
            )
        }
        if period is not None
        else {}
    )
    cycles = division_cycle_bilans(division, ids) if ids else {}
    return [
        OverviewRow(pupil=p, bilan=bilans.get(p.pk), cycle_bilan=cycles.get(p.pk)) for p in pupils
    ]


def direction_pupil(role: SchoolRole, pupil_id: int) -> Pupil:
    pupil = Pupil.objects.filter(pk=pupil_id).select_related("division", "establishment").first()
    _direction_or_404(role, pupil.establishment_id if pupil else None)
    assert pupil is not None
    return pupil


def direction_period(role: SchoolRole, period_id: int) -> Period:
    period = Period.objects.filter(pk=period_id).first()
    _direction_or_404(role, period.establishment_id if period else None)
    assert period is not None
    return period


@dataclass
class BilanSheet:
    bilan: Bilan | None
    lines: list[LineView] = field(default_factory=list)
    counters: Counters = field(default_factory=Counters)


def frozen_counters(bilan: Bilan) -> Counters:
    return Counters(
        retards=bilan.retards or 0,
        half_days_justified=bilan.half_days_justified or 0,
        half_days_unjustified=bilan.half_days_unjustified or 0,
        hours_missed=bilan.hours_missed or 0,
    )


def bilan_sheet(pupil: Pupil, period: Period) -> BilanSheet:
    """A pupil's whole bilan for a period: as frozen when locked, else computed now from the
    pupil's services, the marks and the vie scolaire. 6 queries."""
    bilan = Bilan.objects.filter(pupil=pupil, period=period).first()
    if bilan is not None and bilan.is_locked:
        return BilanSheet(
            bilan=bilan,
            lines=[line_view(line) for line in bilan.lines.all()],
            counters=frozen_counters(bilan),
        )
    services = list(pupil_services(pupil))
    computed = services_averages(services, period, pupil.establishment_id)
    written = {line.service_id: line for line in bilan.lines.all()} if bilan else {}
    lines = []
    for service in services:
        line = written.get(service.pk)
        found = computed.get(service.pk)
        lines.append(
            LineView(
                subject_label=service.subject.label,
                teacher_name=f"{service.teacher.first_name} {service.teacher.last_name}",
                programme_lines=line.programme_lines if line else [],
                average=found.pupils.get(pupil.pk) if found else None,
                class_average=found.class_average if found else None,
                positionnement=line.positionnement if line else None,
                appreciation=line.appreciation if line else "",
            )
        )
    counters = vie_scolaire_counters([pupil.pk], period.starts_on, period.ends_on).get(
        pupil.pk, Counters()
    )
    return BilanSheet(bilan=bilan, lines=lines, counters=counters)


# --- families ----------------------------------------------------------------------------------


def family_bilans(pupil: Pupil) -> list[Bilan]:
    """The pupil's locked bilans, newest first, with their lines. 2 queries."""
    return list(
        Bilan.objects.filter(pupil=pupil, locked_at__isnull=False)
        .prefetch_related("lines")
        .order_by("-school_year", "-period_number")
    )


def _readable(role: SchoolRole, found: Readable | None) -> Readable:
    """A locked bilan of the family's child, or any bilan of the direction's establishment;
    404 for anybody else."""
    if found is None:
        raise Http404("Bilan inconnu.")
    if found.is_locked and found.pupil_id in role.family_pupil_ids:
        return found
    if role.is_direction and found.establishment_id == role.establishment_id:
        return found
    raise Http404("Bilan inconnu.")


def readable_bilan(role: SchoolRole, bilan_id: int) -> Bilan:
    """A bilan périodique for its PDF (``_readable``)."""
    return _readable(
        role,
        Bilan.objects.filter(pk=bilan_id)
        .select_related("pupil", "establishment")
        .prefetch_related("lines")
        .first(),
    )


def locked_bilans_of_division(division: Division, period: Period) -> list[Bilan]:
    """The class's locked bilans of the period, for the LSU export. 2 queries."""
    return list(
        Bilan.objects.filter(period=period, locked_at__isnull=False, pupil__division=division)
        .select_related("pupil__division")
        .prefetch_related("lines")
        .order_by("pupil__last_name", "pupil__first_name", "pk")
    )


# --- the bilan de fin de cycle -----------------------------------------------------------------


def direction_cycle_pupil(role: SchoolRole, pupil_id: int) -> tuple[Pupil, int]:
    """A pupil of the direction's establishment in a class that ends a cycle (6e, 3e) and the
    cycle (404 otherwise)."""
    pupil = direction_pupil(role, pupil_id)
    level = pupil.division.level if pupil.division else ""
    if level not in CYCLE_OF_LEVEL:
        raise Http404("Pas de bilan de fin de cycle dans cette classe.")
    return pupil, CYCLE_OF_LEVEL[level]


def cycle_bilan_of(pupil: Pupil, cycle: int) -> CycleBilan | None:
    return CycleBilan.objects.filter(pupil=pupil, cycle=cycle).first()


def division_cycle(division: Division) -> int | None:
    return CYCLE_OF_LEVEL.get(division.level)


def division_cycle_bilans(division: Division, pupil_ids: list[int]) -> dict[int, CycleBilan]:
    """The class's pupils' bilans de fin de cycle of the class's cycle, by pupil. 1 query."""
    cycle = division_cycle(division)
    if cycle is None:
        return {}
    return {
        found.pupil_id: found
        for found in CycleBilan.objects.filter(cycle=cycle, pupil_id__in=pupil_ids).only(
            "pk", "pupil_id", "locked_at"
        )
    }


def family_cycle_bilans(pupil: Pupil) -> list[CycleBilan]:
    """The pupil's locked bilans de fin de cycle, newest first. 1 query."""
    return list(CycleBilan.objects.filter(pupil=pupil, locked_at__isnull=False).order_by("-cycle"))


def readable_cycle_bilan(role: SchoolRole, cycle_bilan_id: int) -> CycleBilan:
    """A bilan de fin de cycle for its PDF (``_readable``)."""
    return _readable(
        role,
        CycleBilan.objects.filter(pk=cycle_bilan_id)
        .select_related("pupil", "establishment")
        .first(),
    )


def locked_cycle_bilans(
    establishment_id: int, school_year: int, division: Division | None = None
) -> list[CycleBilan]:
    """The locked bilans de fin de cycle of the year, of a class or the whole establishment, for
    the LSU export. 1 query."""
    found = CycleBilan.objects.filter(
        establishment_id=establishment_id, school_year=school_year, locked_at__isnull=False
    )
    if division is not None:
        found = found.filter(pupil__division=division)
    return list(
        found.select_related("pupil__division").order_by(
            "pupil__last_name", "pupil__first_name", "pk"
        )
    )


def locked_bilans_of_school(establishment_id: int, period: Period) -> list[Bilan]:
    """Every locked bilan of the period in the establishment, for the LSU export. 2 queries."""
    return list(
        Bilan.objects.filter(
            establishment_id=establishment_id, period=period, locked_at__isnull=False
        )
        .select_related("pupil__division")
        .prefetch_related("lines")
        .order_by("division_code", "pupil__last_name", "pupil__first_name", "pk")
    )


def direction_establishment(role: SchoolRole) -> Establishment:
    """The direction's establishment (404 for anybody else)."""
    found = (
        Establishment.objects.filter(pk=role.establishment_id).first()
        if role.is_direction and role.establishment_id is not None
        else None
    )
    if found is None:
        raise Http404("Introuvable.")
    return found


def last_locked_period(establishment_id: int, periods: list[Period]) -> Period | None:
    """The latest of ``periods`` that has a locked bilan in the establishment (what the direction
    exports next), or ``None``. 1 query."""
    found = (
        Bilan.objects.filter(
            establishment_id=establishment_id,
            locked_at__isnull=False,
            period__in=periods,
        )
        .order_by("-period__starts_on")
        .values_list("period_id", flat=True)
        .first()
    )
    return next((p for p in periods if p.pk == found), None)
