"""What the cahier de textes pages share: entries with their subject, author and attachments in
two queries, weeks, visa stamps without a query per entry."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Pupil, Subject, TeachingGroup
from core.schoolyear import school_year_bounds

from ..models import Attachment, Homework, Seance, Visa

_ATTACHMENT_FIELDS = ("pk", "name", "size", "content_type", "seance_id", "homework_id")


def attachments_prefetch() -> Prefetch:
    return Prefetch("attachments", queryset=Attachment.objects.only(*_ATTACHMENT_FIELDS))


def seances_qs() -> QuerySet[Seance]:
    return Seance.objects.select_related(
        "subject", "teacher", "division", "group"
    ).prefetch_related(attachments_prefetch())


def homework_qs() -> QuerySet[Homework]:
    return Homework.objects.select_related(
        "subject", "teacher", "division", "group"
    ).prefetch_related(attachments_prefetch())


# --- weeks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    previous: datetime.date | None
    next: datetime.date | None

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


def week_of(value: str | None, *, school_year: int, today: datetime.date) -> Week:
    """The week ``value`` (an ISO date, from ``?semaine=``) falls in, kept inside the school year;
    anything unreadable is the current week."""
    first, last = school_year_bounds(school_year)
    day = today
    if value:
        try:
            day = datetime.date.fromisoformat(value[:10])
        except ValueError:
            day = today
    day = min(max(day, first), last)
    monday = day - datetime.timedelta(days=day.weekday())
    previous = monday - datetime.timedelta(days=7)
    following = monday + datetime.timedelta(days=7)
    return Week(
        monday=monday,
        previous=previous if previous + datetime.timedelta(days=6) >= first else None,
        next=following if following <= last else None,
    )


# --- visas -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    up_to: datetime.date
    given_at: datetime.datetime
    given_by: str


class Visas:
    """The visas of some classes and groups, to stamp entries without a query per entry."""

    def __init__(self, visas: list[Visa]):
        self._by_key: dict[tuple, list[Visa]] = defaultdict(list)
        for visa in sorted(visas, key=lambda v: v.up_to):
            self._by_key[(visa.division_id, visa.group_id, visa.subject_id)].append(visa)

    def stamp(self, entry: Seance | Homework) -> Stamp | None:
        day = entry.date if isinstance(entry, Seance) else entry.due_on
        for visa in self._by_key.get((entry.division_id, entry.group_id, entry.subject_id), ()):
            if day <= visa.up_to:
                given_by = visa.given_by
                return Stamp(
                    up_to=visa.up_to,
                    given_at=visa.given_at,
                    given_by=f"{given_by.civility} {given_by.last_name.title()}".strip(),
                )
        return None

    def last(self, *, division_id: int | None, group_id: int | None, subject_id: int) -> Any:
        visas = self._by_key.get((division_id, group_id, subject_id))
        return visas[-1] if visas else None

    def mark(self, entries: list[Any]) -> list[Any]:
        for entry in entries:
            entry.stamp = self.stamp(entry)
            entry.files = list(entry.attachments.all())  # prefetched: one list, not a clone per use
        return entries


def visas_of(q: Q) -> Visas:
    return Visas(list(Visa.objects.filter(q).select_related("given_by")))


def structure_q(*, division_id: int | None, group_id: int | None) -> Q:
    if division_id is not None:
        return Q(division_id=division_id)
    return Q(group_id=group_id)


def pupil_q(pupil: Pupil) -> Q:
    """The entries of the pupil's class and of their groups (a subquery, not a query)."""
    groups = TeachingGroup.pupils.through.objects.filter(pupil_id=pupil.pk).values(
        "teachinggroup_id"
    )
    q = Q(group_id__in=groups)
    if pupil.division_id:
        q |= Q(division_id=pupil.division_id)
    return q


def by_subject(entries: list[Any]) -> list[tuple[Subject, list[Any]]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    subjects: dict[int, Subject] = {}
    for entry in entries:
        grouped[entry.subject_id].append(entry)
        subjects[entry.subject_id] = entry.subject
    return sorted(
        ((subjects[pk], items) for pk, items in grouped.items()), key=lambda pair: pair[0].label
    )


def parse_id(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None
