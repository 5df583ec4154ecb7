"""A teacher's devoirs: created, changed and deleted on their own services only."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.models import TeachingService, User
from accounts.school import SchoolRole

from .. import messages as texts
from ..models import Devoir, Period
from ..versions import notes_changed
from .common import audit, check_teaches


def check_period(service: TeachingService, period: Period, day: datetime.date) -> None:
    if (
        period.establishment_id != service.establishment_id
        or period.school_year != service.establishment.school_year
    ):
        raise ValidationError({"period": texts.PERIOD_ELSEWHERE}, code="period")
    if not period.starts_on <= day <= period.ends_on:
        raise ValidationError(
            {"date": texts.DEVOIR_OUT_OF_PERIOD % {"period": str(period)}}, code="date"
        )


@transaction.atomic
def devoir_save(
    *,
    actor: User,
    role: SchoolRole,
    service: TeachingService,
    devoir: Devoir | None,
    period: Period,
    title: str,
    date: datetime.date,
    out_of: Decimal,
    coefficient: Decimal,
    is_optional: bool,
    visible_from: datetime.date,
) -> Devoir:
    """Creates a devoir on the teacher's service (``devoir`` None) or changes theirs."""
    check_teaches(role, service)
    check_period(service, period, date)
    notes_changed(service.establishment_id)
    if out_of <= 0:
        raise ValidationError({"out_of": texts.OUT_OF_POSITIVE}, code="out_of")
    if coefficient < 0:
        raise ValidationError({"coefficient": texts.COEFFICIENT_NEGATIVE}, code="coefficient")
    if devoir is not None:
        highest = devoir.marks.aggregate(highest=Max("value"))["highest"]
        if highest is not None and highest > out_of:
            raise ValidationError(
                {"out_of": texts.DEVOIR_OUT_OF_BELOW_MARKS % {"highest": texts.number(highest)}},
                code="out_of",
            )
    created = devoir is None
    if devoir is None:
        devoir = Devoir(establishment_id=service.establishment_id, service=service)
    devoir.period = period
    devoir.title = title.strip()
    devoir.date = date
    devoir.out_of = out_of
    devoir.coefficient = coefficient
    devoir.is_optional = is_optional
    devoir.visible_from = visible_from
    devoir.updated_at = timezone.now()
    devoir.full_clean(exclude=["service", "establishment", "period"])
    devoir.save()
    audit(
        AuditAction.NOTES_DEVOIR_CREATED if created else AuditAction.NOTES_DEVOIR_CHANGED,
        actor,
        devoir,
    )
    return devoir


@transaction.atomic
def devoir_delete(*, actor: User, role: SchoolRole, devoir: Devoir) -> None:
    check_teaches(role, devoir.service)
    notes_changed(devoir.establishment_id)
    audit(AuditAction.NOTES_DEVOIR_DELETED, actor, devoir, title=devoir.title)
    devoir.delete()
