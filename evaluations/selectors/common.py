"""What the mark book's reads share: the periods of a year, the establishment's policy, the
pupils of a class or group."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from accounts.models import Pupil, TeachingService

from ..averages import Policy
from ..models import MarkBookSettings, Period


def periods_of(establishment_id: int, school_year: int) -> list[Period]:
    return list(
        Period.objects.filter(establishment_id=establishment_id, school_year=school_year).order_by(
            "starts_on"
        )
    )


def period_chosen(periods: list[Period], value: str | None, today: datetime.date) -> Period | None:
    """The period ``?periode=`` names, else the one today falls in, else the last one started,
    else the first."""
    if value and value.isdigit():
        for period in periods:
            if str(period.pk) == value:
                return period
    for period in periods:
        if period.starts_on <= today <= period.ends_on:
            return period
    started = [p for p in periods if p.starts_on <= today]
    if started:
        return started[-1]
    return periods[0] if periods else None


def policy_of(establishment_id: int) -> Policy:
    row = (
        MarkBookSettings.objects.filter(establishment_id=establishment_id)
        .only("absent_counts_zero", "not_handed_counts_zero")
        .first()
    )
    if row is None:
        return Policy()
    return Policy(
        absent_counts_zero=row.absent_counts_zero,
        not_handed_counts_zero=row.not_handed_counts_zero,
    )


def service_pupils(service: TeachingService) -> QuerySet[Pupil]:
    """The current pupils of the service's class or group, in the register's order."""
    pupils = Pupil.objects.current()
    if service.division_id:
        pupils = pupils.filter(division_id=service.division_id)
    else:
        pupils = pupils.filter(teaching_groups=service.group_id)
    return pupils.only("pk", "first_name", "last_name", "usage_name", "division_id").order_by(
        "last_name", "first_name", "pk"
    )
