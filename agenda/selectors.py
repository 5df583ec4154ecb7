"""Reads of the agenda; each costs a fixed number of queries whatever the number of events.

Who sees which establishment event: its audience, read exactly as the news' audience
(``actualites.selectors.audience_q``: a guardian sees the events of their children's schools
for the whole school, the parents, a child's level or class; a pupil those for the whole school,
the pupils, their level or class; a staff member those for the whole school or the staff), plus
every event of the establishment whose events they write (direction, vie scolaire). Personal
events: their owner only.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import StaffMember, User
from accounts.school import staff_memberships
from actualites.selectors import audience_q
from core.tokens import token_digest

from . import conf
from .models import EventDates, FeedToken, PersonalEvent, SchoolEvent

AgendaEvent = SchoolEvent | PersonalEvent


def school_events_q(user: User) -> Q:
    """The establishment events ``user`` sees (whatever their dates)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    writers = staff_memberships(user).filter(
        function__in=[StaffMember.Function.MANAGEMENT, StaffMember.Function.EDUCATION]
    )
    return audience_q(user) | Q(establishment_id__in=writers.values("establishment_id"))


def _school(user: User) -> QuerySet[SchoolEvent]:
    return SchoolEvent.objects.filter(school_events_q(user)).select_related(
        "division", "establishment"
    )


def _personal(user: User) -> QuerySet[PersonalEvent]:
    return PersonalEvent.objects.filter(owner_id=user.pk)


def _sort_key(event: EventDates) -> tuple:
    return (event.starts_on, event.start_time or datetime.time.min, event.title, event.pk)


def events_between(*, user: User, first: datetime.date, last: datetime.date) -> list[AgendaEvent]:
    """Every event of ``user`` on a day from ``first`` to ``last``: 2 queries."""
    overlapping = Q(starts_on__lte=last, ends_on__gte=first)
    events: list[AgendaEvent] = [
        *_school(user).filter(overlapping).defer("description"),
        *_personal(user).filter(overlapping).defer("notes"),
    ]
    return sorted(events, key=_sort_key)


@dataclass
class Day:
    date: datetime.date
    in_month: bool = True
    is_today: bool = False
    events: list[AgendaEvent] = field(default_factory=list)


def _days(
    events: list[AgendaEvent], first: datetime.date, last: datetime.date, month: int | None
) -> list[Day]:
    today = timezone.localdate()
    days = []
    day = first
    while day <= last:
        days.append(
            Day(
                date=day,
                in_month=month is None or day.month == month,
                is_today=day == today,
                events=[event for event in events if event.on_day(day)],
            )
        )
        day += datetime.timedelta(days=1)
    return days


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day]]
    previous: datetime.date
    next: datetime.date
    # The month's own days with at least one event (the list shown on small screens).
    busy_days: list[Day]


def month_of(*, user: User, year: int, month: int) -> Month:
    """The month grid (whole weeks, Monday first) with each day's events: 2 queries."""
    first = datetime.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    grid_first = first - datetime.timedelta(days=first.weekday())
    grid_last = last + datetime.timedelta(days=6 - last.weekday())
    events = events_between(user=user, first=grid_first, last=grid_last)
    days = _days(events, grid_first, grid_last, month)
    return Month(
        first=first,
        weeks=[days[index : index + 7] for index in range(0, len(days), 7)],
        previous=(first - datetime.timedelta(days=1)).replace(day=1),
        next=last + datetime.timedelta(days=1),
        busy_days=[day for day in days if day.in_month and day.events],
    )


@dataclass(frozen=True)
class Week:
    monday: datetime.date
    days: list[Day]
    previous: datetime.date
    next: datetime.date


def week_of(*, user: User, day: datetime.date) -> Week:
    """The week (Monday to Sunday) holding ``day``, with each day's events: 2 queries."""
    monday = day - datetime.timedelta(days=day.weekday())
    sunday = monday + datetime.timedelta(days=6)
    events = events_between(user=user, first=monday, last=sunday)
    return Week(
        monday=monday,
        days=_days(events, monday, sunday, None),
        previous=monday - datetime.timedelta(days=7),
        next=monday + datetime.timedelta(days=7),
    )


def upcoming_for(*, user: User, limit: int = conf.DASHBOARD_ITEMS) -> list[AgendaEvent]:
    """The next events of ``user`` (not over yet), soonest first: 2 queries."""
    today = timezone.localdate()
    order = ("starts_on", F("start_time").asc(nulls_first=True), "pk")
    events: list[AgendaEvent] = [
        *_school(user).filter(ends_on__gte=today).defer("description").order_by(*order)[:limit],
        *_personal(user).filter(ends_on__gte=today).defer("notes").order_by(*order)[:limit],
    ]
    return sorted(events, key=_sort_key)[:limit]


def school_event_readable(*, user: User, event_id: int) -> SchoolEvent | None:
    """One establishment event ``user`` sees (``None``: a 404). 1 query."""
    return _school(user).filter(pk=event_id).first()


def personal_event_owned(*, user: User, event_id: int) -> PersonalEvent | None:
    """One of ``user``'s own events (``None``: a 404). 1 query."""
    return _personal(user).filter(pk=event_id).first()


def feed_events(*, user: User) -> list[AgendaEvent]:
    """What the user's iCalendar feed carries: their events from a few months ago to a year
    ahead. 2 queries."""
    today = timezone.localdate()
    return events_between(user=user, first=today - conf.FEED_PAST, last=today + conf.FEED_AHEAD)


def has_feed(*, user: User) -> bool:
    return FeedToken.objects.filter(owner_id=user.pk).exists()


def feed_owner(*, token: str) -> User | None:
    """The active account whose feed address holds ``token`` (``None``: unknown, revoked, or a
    closed account). Looked up by the token's SHA-256: 1 query."""
    if not token or len(token) > 100:
        return None
    found = (
        FeedToken.objects.filter(token_hash=token_digest(token), owner__is_active=True)
        .select_related("owner")
        .first()
    )
    return found.owner if found else None
