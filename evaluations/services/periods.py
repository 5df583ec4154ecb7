"""The periods of an establishment's year: inside the school year, never overlapping."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core.schoolyear import school_year_bounds, school_year_label

from .. import messages as texts


def period_check(period: Any) -> None:
    """Refuses a period that ends before it starts, leaves its school year, has its conseil de
    classe before its start, or overlaps another period of the establishment's year."""
    from ..models import Period

    if period.starts_on is None or period.ends_on is None or period.school_year is None:
        return  # the form reports the missing fields
    errors: dict[str, Any] = {}
    if period.ends_on < period.starts_on:
        errors["ends_on"] = texts.PERIOD_ENDS_BEFORE_START
    first, last = school_year_bounds(period.school_year)
    if not (first <= period.starts_on <= last and first <= period.ends_on <= last):
        errors.setdefault(
            "starts_on", texts.PERIOD_OUT_OF_YEAR % {"year": school_year_label(period.school_year)}
        )
    if period.council_on is not None and period.council_on < period.starts_on:
        errors["council_on"] = texts.COUNCIL_BEFORE_START
    if errors:
        raise ValidationError(errors)
    if period.establishment_id is None:
        return
    other = (
        Period.objects.filter(
            establishment_id=period.establishment_id,
            school_year=period.school_year,
            starts_on__lte=period.ends_on,
            ends_on__gte=period.starts_on,
        )
        .exclude(pk=period.pk)
        .order_by("starts_on")
        .first()
    )
    if other is not None:
        raise ValidationError(
            texts.PERIOD_OVERLAP
            % {
                "other": str(other),
                "start": texts.day(other.starts_on),
                "end": texts.day(other.ends_on),
            },
            code="overlap",
        )
