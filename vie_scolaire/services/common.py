"""What the vie scolaire's writes share: the school year rule and the counting of a span."""

from __future__ import annotations

import datetime
import math

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.schoolyear import current_school_year, in_school_year, school_year_label

from .. import conf
from .. import messages as texts

# The school day over which an absence's hours are counted.
DAY_STARTS = datetime.time(8, 0)
DAY_ENDS = datetime.time(17, 30)


def check_in_school_year(day: datetime.date, *, field: str = "day") -> int:
    """The current school year if ``day`` is in it; a French ``ValidationError`` otherwise."""
    year = current_school_year()
    if not in_school_year(day, year):
        raise ValidationError(
            {field: str(texts.OUT_OF_SCHOOL_YEAR).format(year=school_year_label(year))}
        )
    return year


def half_day_of(moment: datetime.datetime) -> tuple[datetime.date, str]:
    local = timezone.localtime(moment)
    half = "matin" if local.time() < conf.morning_ends() else "apres_midi"
    return local.date(), half


def span_counts(starts: datetime.datetime, ends: datetime.datetime) -> tuple[int, int]:
    """Half-days and hours of school an absence from ``starts`` to ``ends`` misses (week days
    only; an hour begun counts)."""
    starts, ends = timezone.localtime(starts), timezone.localtime(ends)
    half_days, seconds = 0, 0.0
    day = starts.date()
    tz = timezone.get_current_timezone()
    while day <= ends.date():
        if day.weekday() < 5:
            bounds = (
                (datetime.datetime.combine(day, DAY_STARTS, tz), "m"),
                (datetime.datetime.combine(day, conf.morning_ends(), tz), "a"),
                (datetime.datetime.combine(day, DAY_ENDS, tz), ""),
            )
            for (begin, _), (end, _) in zip(bounds, bounds[1:], strict=False):
                overlap = (min(end, ends) - max(begin, starts)).total_seconds()
                if overlap > 0:
                    half_days += 1
                    seconds += overlap
        day += datetime.timedelta(days=1)
    return half_days, math.ceil(seconds / 3600)


def aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, timezone.get_current_timezone())
