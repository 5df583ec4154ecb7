"""The French school year: from 1 September to 31 August, named by the year it starts in (2026 for
2026-2027), as SIECLE and STS name it. Dates outside the current school year are refused by the
forms of the school life (cahier de textes, vie scolaire, notes), and the school life of a year is
erased once that year is over."""

from __future__ import annotations

import datetime

from django.utils import timezone


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the school year ``year`` (both included)."""
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def in_school_year(day: datetime.date, year: int) -> bool:
    first, last = school_year_bounds(year)
    return first <= day <= last
