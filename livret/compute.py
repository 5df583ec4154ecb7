"""What a bilan computes from the other apps, in a fixed number of queries whatever the class
size: the pupils' and the class's averages per teaching service for a period (the mark book's
one rule, ``evaluations.averages``, over every devoir of the period), the vie scolaire counters
of the period.

Vie scolaire counters (docs/livret.md): retards = the retards of the period; half-days of
justified absence = the half-days of the absences whose state is « justifiée »; unjustified =
those of every other absence (non motivée, motivée, non justifiée, réglée); hours missed = the
hours of all the absences. An event belongs to the period by its start day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Pupil, TeachingService
from evaluations import averages
from evaluations.models import Devoir, Mark, Period, SkillLevel
from evaluations.selectors import policy_of
from evaluations.socle import LEVEL_SHORT
from vie_scolaire.models import Event

LSU_COUNTER_MAX = 999


@dataclass(frozen=True)
class Counters:
    retards: int = 0
    half_days_justified: int = 0
    half_days_unjustified: int = 0
    hours_missed: int = 0


@dataclass(frozen=True)
class ServiceAverages:
    pupils: dict[int, Decimal | None]
    class_average: Decimal | None


def pupil_services(pupil: Pupil) -> QuerySet[TeachingService]:
    """The pupil's active teaching services: their class's and their groups'."""
    wanted = Q(group__pupils=pupil)
    if pupil.division_id:
        wanted |= Q(division_id=pupil.division_id)
    return (
        TeachingService.objects.active()
        .filter(wanted, establishment_id=pupil.establishment_id)
        .select_related("subject", "teacher")
        .distinct()
        .order_by("subject__label", "pk")
    )


def services_averages(
    services: Sequence[TeachingService], period: Period, establishment_id: int
) -> dict[int, ServiceAverages]:
    """Each service's pupils' averages and class average for the period. 3 queries."""
    if not services:
        return {}
    devoirs: dict[int, list[Devoir]] = {}
    for devoir in Devoir.objects.filter(service__in=services, period=period).only(
        "pk", "service_id", "out_of", "coefficient", "is_optional"
    ):
        devoirs.setdefault(devoir.service_id, []).append(devoir)
    marks: dict[int, list[Any]] = {}
    for mark in (
        Mark.objects.filter(devoir__service__in=services, devoir__period=period)
        .only("devoir_id", "pupil_id", "value", "status", "devoir__service_id")
        .select_related("devoir")
    ):
        marks.setdefault(mark.devoir.service_id, []).append(mark)
    policy = policy_of(establishment_id)
    found = {}
    for service in services:
        pupils = averages.pupils_averages(
            devoirs.get(service.pk, []), marks.get(service.pk, []), policy
        )
        found[service.pk] = ServiceAverages(
            pupils=pupils, class_average=averages.stats(pupils.values()).average
        )
    return found


def _bounds(period_start: datetime.date, period_end: datetime.date) -> tuple[Any, Any]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period_start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        period_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def vie_scolaire_counters(
    pupil_ids: Iterable[int], starts_on: datetime.date, ends_on: datetime.date
) -> dict[int, Counters]:
    """The counters of each pupil for the period. 1 query."""
    start, end = _bounds(starts_on, ends_on)
    totals: dict[int, list[int]] = {}
    rows = Event.objects.filter(
        pupil_id__in=list(pupil_ids),
        starts_at__gte=start,
        starts_at__lt=end,
        kind__in=[Event.Kind.ABSENCE, Event.Kind.RETARD],
    ).values_list("pupil_id", "kind", "status", "half_days", "hours")
    for pupil_id, kind, status, half_days, hours in rows:
        row = totals.setdefault(pupil_id, [0, 0, 0, 0])
        if kind == Event.Kind.RETARD:
            row[0] += 1
            continue
        if status == Event.State.JUSTIFIED:
            row[1] += half_days
        else:
            row[2] += half_days
        row[3] += hours
    return {
        pk: Counters(*(min(value, LSU_COUNTER_MAX) for value in row)) for pk, row in totals.items()
    }


@dataclass(frozen=True)
class ComponentSummary:
    """The levels a pupil reached on one component of the socle over the cycle's evaluations
    kept here: how many of each level (1 to 4), and the position they suggest."""

    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def levels_text(self) -> str:
        """« MI 0 · MF 1 · MS 3 · TB 2 »."""
        return " · ".join(
            f"{short} {self.counts.get(level, 0)}" for level, short in LEVEL_SHORT.items()
        )

    @property
    def suggestion(self) -> int | None:
        """The mean of the levels, rounded half up; ``None`` without any evaluation."""
        if not self.total:
            return None
        weighted = sum(level * count for level, count in self.counts.items())
        return int(Decimal(weighted) / Decimal(self.total) + Decimal("0.5"))


def cycle_summaries(pupil_id: int) -> dict[str, ComponentSummary]:
    """Per component code, the pupil's levels on every skill item kept (all years, all
    services). One query."""
    counts: dict[str, dict[int, int]] = {}
    rows = (
        SkillLevel.objects.filter(pupil_id=pupil_id)
        .values_list("item__component", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for component, level, n in rows:
        counts.setdefault(component, {})[level] = n
    return {code: ComponentSummary(counts=found) for code, found in counts.items()}
