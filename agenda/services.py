"""Writes of the agenda: each one atomic, checked (``full_clean`` and the rules below) before it
is saved, and bumping the versions the cached dashboards are keyed on (``versions``).

The establishment's events are audited; personal events are not (nobody else reads them). The
feed's address: a new CSPRNG token each time, only its SHA-256 kept (``core.tokens``), the old
address dead at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Division, User
from core.schoolyear import current_school_year, school_year_bounds
from core.tokens import new_token

from . import conf, messages
from .models import Audience, EventDates, FeedToken, PersonalEvent, SchoolEvent
from .versions import personal_events_changed, school_events_changed


@dataclass(frozen=True)
class EventWhen:
    title: str
    place: str
    starts_on: datetime.date
    ends_on: datetime.date
    # Both None: all day.
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None


@dataclass(frozen=True)
class SchoolEventContent:
    when: EventWhen
    description: str  # sanitised HTML (core.html)
    audience: str
    level: str = ""
    division_id: int | None = None


def allowed_days() -> tuple[datetime.date, datetime.date]:
    """Events lie from the first day of the previous school year (older ones are erased by the
    sweep) to the last day of the next one."""
    year = current_school_year()
    return school_year_bounds(year - 1)[0], school_year_bounds(year + 1)[1]


def _apply(event: EventDates, when: EventWhen) -> list[str]:
    fields = ["title", "place", "starts_on", "ends_on", "start_time", "end_time"]
    for name in fields:
        setattr(event, name, getattr(when, name))
    event.title = event.title.strip()
    event.place = event.place.strip()
    return fields


def dates_errors(event: EventDates) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    first, last = allowed_days()
    for name in ("starts_on", "ends_on"):
        day = getattr(event, name)
        if not first <= day <= last:
            message = messages.OUT_OF_RANGE % {
                "first": formats.date_format(first, "d/m/Y"),
                "last": formats.date_format(last, "d/m/Y"),
            }
            errors.setdefault(name, []).append(str(message))
    if errors:
        return errors
    start = (event.starts_on, event.start_time or datetime.time.min)
    end = (event.ends_on, event.end_time or datetime.time.max)
    if end < start or (event.start_time is not None and end == start):
        errors.setdefault("ends_on", []).append(str(messages.ENDS_BEFORE_START))
    elif event.ends_on - event.starts_on > conf.MAX_DURATION:
        errors.setdefault("ends_on", []).append(str(messages.TOO_LONG))
    return errors


def _check(event: EventDates, *, exclude: list[str] | None = None) -> None:
    errors = dates_errors(event)
    if isinstance(event, SchoolEvent) and event.division_id is not None:
        division = Division.objects.filter(pk=event.division_id).only("establishment_id").first()
        if division is None or division.establishment_id != event.establishment_id:
            errors.setdefault("audience", []).append(str(messages.DIVISION_OF_ANOTHER_SCHOOL))
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=exclude)


# --- the establishment's events ----------------------------------------------------------


def _apply_school(event: SchoolEvent, content: SchoolEventContent) -> list[str]:
    fields = _apply(event, content.when)
    event.description = content.description
    event.audience = content.audience
    event.level = content.level if content.audience == Audience.LEVEL else ""
    event.division_id = content.division_id if content.audience == Audience.DIVISION else None
    return [*fields, "description", "audience", "level", "division_id"]


def _audit(action: AuditAction, *, actor: User | None, event: SchoolEvent) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=event,
        establishment=event.establishment,
        details={"audience": event.audience, "starts_on": event.starts_on.isoformat()},
    )


@transaction.atomic
def school_event_create(
    *, author: User, establishment_id: int, content: SchoolEventContent
) -> SchoolEvent:
    event = SchoolEvent(
        establishment_id=establishment_id,
        author=author,
        author_name=author.get_full_name() or author.username,
    )
    _apply_school(event, content)
    _check(event)
    event.save()
    _audit(AuditAction.AGENDA_EVENT_CREATED, actor=author, event=event)
    school_events_changed(establishment_id)
    return event


@transaction.atomic
def school_event_update(
    *, event: SchoolEvent, editor: User, content: SchoolEventContent
) -> SchoolEvent:
    fields = _apply_school(event, content)
    _check(event)
    event.save(update_fields=[*fields, "updated_at"])
    _audit(AuditAction.AGENDA_EVENT_UPDATED, actor=editor, event=event)
    school_events_changed(event.establishment_id)
    return event


@transaction.atomic
def school_event_delete(*, event: SchoolEvent, actor: User) -> None:
    _audit(AuditAction.AGENDA_EVENT_DELETED, actor=actor, event=event)
    establishment_id = event.establishment_id
    event.delete()
    school_events_changed(establishment_id)


# --- personal events ---------------------------------------------------------------------


@transaction.atomic
def personal_event_create(*, owner: User, when: EventWhen, notes: str) -> PersonalEvent:
    if PersonalEvent.objects.filter(owner=owner).count() >= conf.MAX_PERSONAL_EVENTS:
        raise ValidationError(messages.PERSONAL_LIMIT)
    event = PersonalEvent(owner=owner, notes=notes.strip())
    _apply(event, when)
    _check(event)
    event.save()
    personal_events_changed(owner.pk)
    return event


@transaction.atomic
def personal_event_update(*, event: PersonalEvent, when: EventWhen, notes: str) -> PersonalEvent:
    fields = _apply(event, when)
    event.notes = notes.strip()
    _check(event)
    event.save(update_fields=[*fields, "notes"])
    personal_events_changed(event.owner_id)
    return event


@transaction.atomic
def personal_event_delete(*, event: PersonalEvent) -> None:
    owner_id = event.owner_id
    event.delete()
    personal_events_changed(owner_id)


# --- the feed's secret address -----------------------------------------------------------


@transaction.atomic
def feed_token_renew(*, owner: User) -> str:
    """A new secret address for ``owner``'s feed (the previous one stops working): returns the
    token, shown once; only its digest is stored."""
    token, digest = new_token()
    FeedToken.objects.update_or_create(
        owner=owner, defaults={"token_hash": digest, "created_at": timezone.now()}
    )
    audit_record(action=AuditAction.AGENDA_FEED_CREATED, actor=owner, target=owner)
    return token


@transaction.atomic
def feed_token_revoke(*, owner: User) -> bool:
    deleted, _ = FeedToken.objects.filter(owner=owner).delete()
    if deleted:
        audit_record(action=AuditAction.AGENDA_FEED_REVOKED, actor=owner, target=owner)
    return bool(deleted)
