"""Reads of the vie scolaire. Every object is looked up among what the user's ``SchoolRole`` may
see (404 otherwise), and every list costs a fixed number of queries whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.models import Pupil, StaffMember, TeachingService
from accounts.school import SchoolRole, pupils_taught_q
from core.schoolyear import current_school_year

from . import conf
from .cache import FRAGMENT_TIMEOUT, family_page_version
from .models import Event, Justification, Motive, RollCall


def _school(role: SchoolRole) -> int:
    """The role's establishment (0, which matches nothing, for a role without one)."""
    return role.establishment_id or 0


_PUPIL_FIELDS = ("pk", "first_name", "last_name", "usage_name", "division__code")


def roll_call_pupils(service: TeachingService) -> list[Pupil]:
    """The current pupils of the service's class or group, by name: one query."""
    pupils = Pupil.objects.current().select_related("division").only(*_PUPIL_FIELDS)
    if service.division_id:
        pupils = pupils.filter(division_id=service.division_id)
    else:
        pupils = pupils.filter(teaching_groups=service.group_id)
    return list(pupils.order_by("last_name", "first_name", "pk"))


def teacher_service(role: SchoolRole, service_id: int) -> TeachingService:
    """One of the teacher's own active services; 404 for any other."""
    if service_id not in role.service_ids:
        raise Http404("Service inconnu.")
    service = (
        TeachingService.objects.active()
        .filter(pk=service_id, teacher_id=role.staff_id)
        .select_related("subject", "division", "group")
        .first()
    )
    if service is None:
        raise Http404("Service inconnu.")
    return service


def roll_call_marks(
    service: TeachingService, day: datetime.date, starts_at: datetime.time
) -> tuple[RollCall | None, dict[int, Event]]:
    """The appel already taken for this slot, if any, and its events by pupil: two queries."""
    roll_call = RollCall.objects.filter(service=service, day=day, starts_at=starts_at).first()
    if roll_call is None:
        return None, {}
    return roll_call, {
        event.pupil_id: event
        for event in Event.objects.filter(roll_call=roll_call).only(
            "pk", "pupil_id", "kind", "minutes", "status"
        )
    }


def teacher_roll_calls(role: SchoolRole, *, limit: int = 10) -> list[RollCall]:
    return list(
        RollCall.objects.filter(teacher_id=role.staff_id)
        .select_related("service__subject", "service__division", "service__group")
        .order_by("-day", "-starts_at")[:limit]
    )


def teacher_observations(role: SchoolRole, *, limit: int = 20) -> list[Event]:
    return list(
        Event.objects.filter(
            given_by_id=role.staff_id,
            kind__in=(Event.Kind.OBSERVATION, Event.Kind.ENCOURAGEMENT),
            school_year=current_school_year(),
        )
        .select_related("pupil__division")
        .order_by("-starts_at")[:limit]
    )


def taught_pupils(role: SchoolRole) -> QuerySet[Pupil]:
    """The pupils of the teacher's classes and groups (for the observation form)."""
    return (
        Pupil.objects.current()
        .filter(Q(establishment_id=_school(role)) & pupils_taught_q(role))
        .select_related("division")
        .only(*_PUPIL_FIELDS)
        .order_by("division__code", "last_name", "first_name")
        .distinct()
    )


def establishment_pupils(role: SchoolRole) -> QuerySet[Pupil]:
    return (
        Pupil.objects.current()
        .filter(establishment_id=_school(role))
        .select_related("division")
        .only(*_PUPIL_FIELDS)
        .order_by("division__code", "last_name", "first_name")
    )


def establishment_staff(role: SchoolRole) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(
        establishment_id=_school(role), left_on__isnull=True
    ).order_by("last_name", "first_name")


def motives(establishment_id: int | None) -> QuerySet[Motive]:
    return Motive.objects.filter(establishment_id=establishment_id or 0, is_active=True).order_by(
        "order", "label"
    )


# --- the desk of the vie scolaire (EDU, DIR) ---------------------------------------------------


@dataclass(frozen=True)
class DeskFilters:
    kind: str = ""
    status: str = ""
    division_id: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    query: str = ""


def _desk_scope(role: SchoolRole) -> QuerySet[Event]:
    if not role.manages_vie_scolaire:
        return Event.objects.none()
    return Event.objects.filter(establishment_id=_school(role))


def desk_events(role: SchoolRole, filters: DeskFilters, *, page: int = 1) -> Page:
    """The establishment's events, newest first, filtered: two queries (count, page)."""
    events = _desk_scope(role).filter(school_year=current_school_year())
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.status:
        events = events.filter(status=filters.status)
    if filters.division_id:
        events = events.filter(pupil__division_id=filters.division_id)
    tz = timezone.get_current_timezone()
    if filters.since:
        events = events.filter(
            starts_at__gte=datetime.datetime.combine(filters.since, datetime.time(0), tz)
        )
    if filters.until:
        events = events.filter(
            starts_at__lt=datetime.datetime.combine(
                filters.until + datetime.timedelta(days=1), datetime.time(0), tz
            )
        )
    if filters.query:
        events = events.filter(
            Q(pupil__last_name__icontains=filters.query)
            | Q(pupil__usage_name__icontains=filters.query)
            | Q(pupil__first_name__icontains=filters.query)
        )
    events = events.select_related("pupil__division", "motive").order_by("-starts_at", "-pk")
    return Paginator(events, conf.desk_page_size()).get_page(page)


def desk_event(role: SchoolRole, event_id: int) -> Event:
    event = (
        _desk_scope(role)
        .filter(pk=event_id)
        .select_related("pupil__division", "motive", "given_by")
        .prefetch_related(
            Prefetch(
                "justifications",
                queryset=Justification.objects.select_related("motive").order_by("-created_at"),
            )
        )
        .first()
    )
    if event is None:
        raise Http404("Évènement inconnu.")
    return event


def pending_justifications(role: SchoolRole) -> list[Justification]:
    """Justifications waiting for the vie scolaire, oldest first: one query."""
    if not role.manages_vie_scolaire:
        return []
    return list(
        Justification.objects.filter(
            event__establishment_id=_school(role), status=Justification.State.PENDING
        )
        .select_related("event__pupil__division", "motive", "submitted_by")
        .order_by("created_at")
    )


def desk_justification(role: SchoolRole, justification_id: int) -> Justification:
    if not role.manages_vie_scolaire:
        raise Http404("Justificatif inconnu.")
    justification = (
        Justification.objects.filter(pk=justification_id, event__establishment_id=_school(role))
        .select_related("event__pupil__division", "event__motive", "motive", "submitted_by")
        .first()
    )
    if justification is None:
        raise Http404("Justificatif inconnu.")
    return justification


# --- the families (read by teleservices) -------------------------------------------------------


def _justifications_prefetch() -> Prefetch:
    return Prefetch(
        "justifications",
        queryset=Justification.objects.select_related("motive").order_by("-created_at"),
    )


def family_events(pupil: Pupil) -> list[Event]:
    """The child's events of the school year, newest first, with their motive and
    justifications: two queries, whatever their number."""
    return list(
        Event.objects.filter(pupil=pupil, school_year=current_school_year())
        .select_related("motive", "given_by")
        .prefetch_related(_justifications_prefetch())
        .order_by("-starts_at", "-pk")
    )


def family_page(pupil: Pupil) -> dict[str, Any]:
    """What VIE SCOLAIRE needs: the events, read only if their cached fragment (keyed on the
    pupil's version and their school's motives, ``vie_scolaire.cache``) is missing — one cache
    read, and two queries on a miss only."""
    version = family_page_version(pupil.pk, pupil.establishment_id)
    return {
        "events": SimpleLazyObject(lambda: family_events(pupil)),
        "vie_scolaire_cache_key": f"{pupil.pk}:{current_school_year()}:{version}",
        "vie_scolaire_cache_timeout": FRAGMENT_TIMEOUT,
    }


def family_absence(role: SchoolRole, pupil: Pupil, event_id: int) -> Event:
    """One absence of the family's child (``pupil`` was already checked); 404 otherwise."""
    event = (
        Event.objects.filter(pk=event_id, pupil=pupil, kind=Event.Kind.ABSENCE)
        .select_related("motive")
        .prefetch_related(_justifications_prefetch())
        .first()
    )
    if event is None or pupil.pk not in role.family_pupil_ids:
        raise Http404("Absence inconnue.")
    return event


def family_justification(role: SchoolRole, pupil: Pupil, justification_id: int) -> Justification:
    """A justification of the child's, for their guardians only (it may hold a medical
    document); 404 otherwise."""
    found = Justification.objects.filter(pk=justification_id, event__pupil=pupil).first()
    if found is None or not role.is_guardian or pupil.pk not in role.family_pupil_ids:
        raise Http404("Justificatif inconnu.")
    return found


def family_news(*, pupil: Pupil, since: datetime.datetime) -> dict[str, Any]:
    """For ACCUEIL: the child's events recorded and the justifications answered since
    ``since``: two queries."""
    events = list(
        Event.objects.filter(pupil=pupil, created_at__gte=since)
        .select_related("motive")
        .order_by("-starts_at")[:20]
    )
    answered = list(
        Justification.objects.filter(event__pupil=pupil, answered_at__gte=since)
        .select_related("event")
        .order_by("-answered_at")[:20]
    )
    return {"events": events, "answered": answered, "empty": not events and not answered}
