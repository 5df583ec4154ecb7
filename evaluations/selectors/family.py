"""NOTES of one child in Scolarité services: by period, each subject with the child's average
and the class's, each devoir with its mark; the skills reached over the year. Only what is
visible (``visible_from`` reached) is read, and the class figures are computed on it alone."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils import timezone

from accounts.models import Pupil, TeachingService
from accounts.school import services_of_pupil_q

from .. import averages
from ..grid import shown
from ..models import Devoir, Mark, Period, SkillLevel
from ..socle import COMPONENTS, LEVEL_SHORT, LEVELS
from .common import period_chosen, periods_of, policy_of


class MarkRow(NamedTuple):
    devoir_id: int
    pupil_id: int
    value: Decimal | None
    status: str
    comment: str
    updated_at: datetime.datetime


@dataclass
class DevoirLine:
    devoir: Devoir
    mark: str = ""
    comment: str = ""
    stats: averages.Stats = averages.NO_STATS
    is_new: bool = False


@dataclass
class SubjectNotes:
    label: str
    teachers: list[str]
    average: Decimal | None
    stats: averages.Stats
    lines: list[DevoirLine] = field(default_factory=list)


@dataclass
class SkillLine:
    date: datetime.date
    label: str
    subject: str
    level: int
    is_new: bool

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def short(self) -> str:
        return LEVEL_SHORT[self.level]


def _teacher_name(service: TeachingService) -> str:
    teacher = service.teacher
    return f"{teacher.civility} {teacher.last_name.title()}".strip()


def pupil_notes(
    pupil: Pupil,
    *,
    period: str | None,
    today: datetime.date,
    since: datetime.datetime,
) -> dict[str, Any]:
    """NOTES of ``pupil`` (already checked to be the family's). 5 queries whatever the number
    of devoirs, marks and skills."""
    year = pupil.establishment.school_year
    periods = periods_of(pupil.establishment_id, year)
    chosen = period_chosen(periods, period, today)
    services = TeachingService.objects.filter(services_of_pupil_q(pupil)).values("pk")
    policy = policy_of(pupil.establishment_id)
    subjects: list[SubjectNotes] = []
    if chosen is not None:
        subjects = _subjects(pupil, chosen, services, policy, today=today, since=since)
    return {
        "periods": periods,
        "period": chosen,
        "subjects": subjects,
        "general_average": averages.general_average(s.average for s in subjects),
        "new_count": sum(1 for s in subjects for line in s.lines if line.is_new),
        "components": _skills(pupil, services, year, today=today, since=since),
        "policy": policy,
    }


def _subjects(
    pupil: Pupil,
    period: Period,
    services: Any,
    policy: averages.Policy,
    *,
    today: datetime.date,
    since: datetime.datetime,
) -> list[SubjectNotes]:
    visible = {"period": period, "visible_from__lte": today}
    devoirs = list(
        Devoir.objects.filter(service_id__in=services, **visible)
        .select_related("service__subject", "service__teacher")
        .order_by("date", "pk")
    )
    # Tuples, not model instances: a year of a class's marks is thousands of rows.
    marks = [
        MarkRow(*row)
        for row in Mark.objects.filter(
            devoir__service_id__in=services,
            **{f"devoir__{key}": value for key, value in visible.items()},
        ).values_list("devoir_id", "pupil_id", "value", "status", "comment", "updated_at")
    ]
    marks_of: dict[int, list[MarkRow]] = defaultdict(list)
    for mark in marks:
        marks_of[mark.devoir_id].append(mark)
    own = {m.devoir_id: m for m in marks if m.pupil_id == pupil.pk}
    since_day = timezone.localdate(since)
    grouped: dict[int, list[Devoir]] = defaultdict(list)
    for devoir in devoirs:
        grouped[devoir.service.subject_id].append(devoir)
    subjects = []
    for subject_devoirs in grouped.values():
        subject_marks = [m for d in subject_devoirs for m in marks_of[d.pk]]
        everyone = averages.pupils_averages(subject_devoirs, subject_marks, policy)
        lines = []
        for devoir in subject_devoirs:
            own_mark = own.get(devoir.pk)
            lines.append(
                DevoirLine(
                    devoir=devoir,
                    mark=shown(own_mark.value, own_mark.status) if own_mark else "",
                    comment=own_mark.comment if own_mark else "",
                    stats=averages.devoir_stats(devoir, marks_of[devoir.pk], policy),
                    is_new=own_mark is not None
                    and (own_mark.updated_at >= since or devoir.visible_from > since_day),
                )
            )
        first = subject_devoirs[0].service
        subjects.append(
            SubjectNotes(
                label=first.subject.label,
                teachers=sorted({_teacher_name(d.service) for d in subject_devoirs}),
                average=averages.subject_average(
                    averages.scored_marks(subject_devoirs, own, policy)
                ),
                stats=averages.stats(everyone.values()),
                lines=lines,
            )
        )
    return sorted(subjects, key=lambda s: s.label)


def _skills(
    pupil: Pupil, services: Any, year: int, *, today: datetime.date, since: datetime.datetime
) -> list[tuple[str, str, list[SkillLine]]]:
    """Per component of the socle, the levels the pupil reached over the year, oldest first."""
    rows = (
        SkillLevel.objects.filter(
            pupil_id=pupil.pk,
            item__service_id__in=services,
            item__period__school_year=year,
            item__visible_from__lte=today,
        )
        .select_related("item__service__subject")
        .order_by("item__date", "item__pk")
    )
    since_day = timezone.localdate(since)
    by_component: dict[str, list[SkillLine]] = defaultdict(list)
    for row in rows:
        item = row.item
        by_component[item.component].append(
            SkillLine(
                date=item.date,
                label=item.label,
                subject=item.service.subject.label,
                level=row.level,
                is_new=row.updated_at >= since or item.visible_from > since_day,
            )
        )
    return [
        (code, label, by_component[code])
        for code, label in COMPONENTS.items()
        if by_component[code]
    ]
